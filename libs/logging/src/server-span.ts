import { Context, propagation, ROOT_CONTEXT, Span, SpanKind, trace } from '@opentelemetry/api';
import type { IncomingHttpHeaders } from 'node:http';
import { isMarkedFailed, markFailed, requestIdFrom, tracer, withRequestId } from './tracing';

/** What the server span of a request is opened from. */
export interface IncomingRequest {
  method: string;
  path: string;
  protocol: string;
  port: number | undefined;
  headers: IncomingHttpHeaders;
}

/** A request's server span, the context everything on its behalf runs in, and its ids. */
export interface ServerSpan {
  span: Span;
  context: Context;
  requestId: string;
  /** `trace_id`, `span_id` and `request_id`, as log lines carry them. */
  ids: Record<string, string>;
}

/**
 * Opens the server span of a request — continuing the caller's W3C trace when it sent a
 * valid `traceparent`, else starting one — with the caller's `x-request-id` when it is a
 * sane token, else a new one.
 */
export function startServerSpan(req: IncomingRequest): ServerSpan {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const header = req.headers['x-request-id'];
  const requestId = requestIdFrom(typeof header === 'string' ? header : undefined);
  const span = tracer().startSpan(
    req.method,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': req.method,
        'url.path': req.path,
        'url.scheme': req.protocol,
        'server.port': req.port,
        'user_agent.original': req.headers['user-agent'],
      },
    },
    parent,
  );
  const { traceId, spanId } = span.spanContext();
  return {
    span,
    context: withRequestId(trace.setSpan(parent, span), requestId),
    requestId,
    ids: { trace_id: traceId, span_id: spanId, request_id: requestId },
  };
}

/**
 * Ends a server span once the answer is known: named by the route template Express matched
 * (`GET /product/:id`), ERROR for a 5xx (keeping a reason already given) and for an answer
 * the connection cut short.
 */
export function endServerSpan(
  span: Span,
  method: string,
  route: string | undefined,
  status: number,
  completed: boolean,
): void {
  if (route !== undefined) {
    span.updateName(`${method} ${route}`);
    span.setAttribute('http.route', route);
  }
  span.setAttribute('http.response.status_code', status);
  if (status >= 500 && !isMarkedFailed(span)) markFailed(span, `HTTP ${status}`);
  if (!completed) markFailed(span, 'connection closed before the response ended');
  span.end();
}
