import { environment } from './environment';
import type { Env } from './load-env';

const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** Where and how spans are exported; the SDK reads the other OTEL_* variables itself. */
export interface TracingConfig {
  /** Undefined when nothing is exported. */
  readonly endpoint: string | undefined;
  readonly protocol: OtlpProtocol;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

function protocolFrom(env: Env): OtlpProtocol {
  const wanted =
    nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_PROTOCOL);
  if (wanted === undefined) return 'http/protobuf';
  if ((OTLP_PROTOCOLS as readonly string[]).includes(wanted)) return wanted as OtlpProtocol;
  throw new Error(
    `OTEL_EXPORTER_OTLP_PROTOCOL must be one of ${OTLP_PROTOCOLS.join(', ')} (got "${wanted}")`,
  );
}

/**
 * The OTLP export settings from `OTEL_EXPORTER_OTLP_ENDPOINT` / `_PROTOCOL` (or their
 * traces-only variants), which take precedence as the OpenTelemetry spec says.
 */
export function tracingConfig(env: Env = environment()): TracingConfig {
  return {
    endpoint:
      nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT),
    protocol: protocolFrom(env),
  };
}
