import type { Provider } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { getToken, labelledCounter, latencyHistogram } from '@app/metrics';

/** Status label of a request that got no HTTP answer at all. */
export const NO_ANSWER = 'error';

/**
 * The outbound request metrics of a load generator, named `<prefix>_request_count` and
 * `<prefix>_request_latency_seconds` (docs/METRICS.md#load-generator-metrics).
 */
export class TrafficMetrics {
  constructor(
    private readonly count: Counter<'method' | 'endpoint' | 'status'>,
    private readonly latency: Histogram<'method' | 'endpoint'>,
  ) {}

  record(
    method: string,
    endpoint: string,
    status: number | typeof NO_ANSWER,
    seconds: number,
  ): void {
    this.count.inc({ method, endpoint, status: String(status) });
    this.latency.observe({ method, endpoint }, seconds);
  }
}

/** The metric providers behind {@link TrafficMetrics}, and the provider of it. */
export function trafficMetricsProviders(prefix: string): Provider[] {
  const count = `${prefix}_request_count`;
  const latency = `${prefix}_request_latency_seconds`;
  return [
    labelledCounter(count, ['method', 'endpoint', 'status']),
    latencyHistogram(latency, ['method', 'endpoint']),
    {
      provide: TrafficMetrics,
      inject: [getToken(count), getToken(latency)],
      useFactory: (
        counter: Counter<'method' | 'endpoint' | 'status'>,
        histogram: Histogram<'method' | 'endpoint'>,
      ) => new TrafficMetrics(counter, histogram),
    },
  ];
}
