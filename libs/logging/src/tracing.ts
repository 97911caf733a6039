import {
  Context,
  context,
  createContextKey,
  diag,
  DiagConsoleLogger,
  DiagLogLevel,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  Tracer,
} from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { OTLPTraceExporter as OTLPProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import { randomUUID } from 'node:crypto';
import { Env, OtlpProtocol, tracingConfig } from '@app/config';

/**
 * Tracing with the OpenTelemetry SDK. Every service has a tracer provider, so spans, their
 * W3C `traceparent` and the ids in log lines exist whether or not anything is exported; an
 * OTLP/HTTP exporter is added only when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces-only
 * variant) is set. The SDK reads the other standard variables itself: `OTEL_TRACES_SAMPLER`,
 * `OTEL_BSP_*`, `OTEL_EXPORTER_OTLP_HEADERS`/`_TIMEOUT`/`_COMPRESSION`, `OTEL_RESOURCE_ATTRIBUTES`,
 * `OTEL_SERVICE_NAME`.
 *
 * Spans are opened by our own code at the two places every request passes — the Nest
 * middleware (server span) and DownstreamHttp (client span) — rather than by require-hook
 * instrumentation, which patches nothing inside the esbuild bundles the images run nor inside
 * Jest's module sandbox; this way the same spans exist in production, bundles and tests.
 */

const TRACER_NAME = '@app/logging';
const REQUEST_ID_KEY = createContextKey('x-request-id');
const REQUEST_ID = /^[\w.:-]{1,128}$/;

export interface TracingSetup {
  /** Where spans go, or undefined when nothing is exported. */
  readonly endpoint: string | undefined;
  readonly protocol: OtlpProtocol;
  /** Exports what has ended and not been sent yet (on shutdown). */
  flush(): Promise<void>;
}

let setup: TracingSetup | undefined;

/**
 * Both read the endpoint, headers, timeout and compression from the OTEL_* variables. Loaded
 * only when spans are exported: the exporters (and their protobuf encoder) are a good part of
 * a service's start-up time and memory, for nothing when no endpoint is set.
 */
function exporterFor(protocol: OtlpProtocol): SpanExporter {
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (protocol === 'http/json') {
    const json = require('@opentelemetry/exporter-trace-otlp-http') as {
      OTLPTraceExporter: typeof OTLPJsonTraceExporter;
    };
    return new json.OTLPTraceExporter();
  }
  const proto = require('@opentelemetry/exporter-trace-otlp-proto') as {
    OTLPTraceExporter: typeof OTLPProtoTraceExporter;
  };
  return new proto.OTLPTraceExporter();
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/**
 * Registers the SDK once per process (later calls return the first setup): context manager,
 * W3C trace-context and baggage propagators, and the tracer provider for `serviceName`.
 */
export function startTracing(serviceName: string, env?: Env): TracingSetup {
  if (setup) return setup;
  const { endpoint, protocol } = tracingConfig(env);
  if (endpoint) {
    // the exporter's own complaints (receiver down, rejected batch) reach stderr, not silence
    diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);
  }
  const provider = new NodeTracerProvider({
    resource: defaultResource()
      .merge(resourceFromAttributes({ 'service.name': serviceName }))
      .merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: endpoint ? [new BatchSpanProcessor(exporterFor(protocol))] : [],
  });
  provider.register();
  setup = { endpoint, protocol, flush: () => provider.forceFlush() };
  return setup;
}

export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/** The caller's `x-request-id` when it is a sane token, else a new one. */
export function requestIdFrom(header: string | undefined): string {
  return header && REQUEST_ID.test(header) ? header : randomUUID();
}

export function withRequestId(parent: Context, requestId: string): Context {
  return parent.setValue(REQUEST_ID_KEY, requestId);
}

export function currentRequestId(): string | undefined {
  const value = context.active().getValue(REQUEST_ID_KEY);
  return typeof value === 'string' ? value : undefined;
}

/** The ids a log line written now carries: those of the active span and request. */
export function logCorrelation(): Record<string, string> {
  const span = trace.getActiveSpan()?.spanContext();
  const requestId = currentRequestId();
  const ids: Record<string, string> = {};
  if (span && trace.isSpanContextValid(span)) {
    ids.trace_id = span.traceId;
    ids.span_id = span.spanId;
  }
  if (requestId) ids.request_id = requestId;
  return ids;
}

/**
 * Runs `work` without tracing: the spans it starts are not recorded and no trace context is
 * passed on, so its calls start no span in the services they reach either. For the
 * console's polling, which would otherwise draw the gateway calling every service.
 */
export function untraced<T>(work: () => T): T {
  return context.with(suppressTracing(context.active()), work);
}

/** Headers that carry the active trace and the request id to a downstream service. */
export function propagationHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  const requestId = currentRequestId();
  if (requestId) headers['x-request-id'] = requestId;
  return headers;
}

const failed = new WeakSet<Span>();

/** Marks a span failed, with the reason a reader of the trace needs. */
export function markFailed(span: Span | undefined, reason: string): void {
  if (!span) return;
  failed.add(span);
  span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
}

export function isMarkedFailed(span: Span): boolean {
  return failed.has(span);
}

/**
 * Runs one unit of work that no request started (a load generator's flow) as the root span
 * of a new trace, with a request id of its own.
 */
export async function inRootSpan<T>(name: string, work: () => Promise<T>): Promise<T> {
  const span = tracer().startSpan(name, { kind: SpanKind.INTERNAL, root: true });
  const scope = withRequestId(trace.setSpan(ROOT_CONTEXT, span), randomUUID());
  try {
    return await context.with(scope, work);
  } catch (error) {
    markFailed(span, error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    span.end();
  }
}
