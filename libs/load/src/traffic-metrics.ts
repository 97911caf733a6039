import type { Provider } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import type { ServiceName } from '@app/config';
import { getToken, labelledCounter, latencyHistogram, trafficMetricNamesOf } from '@app/metrics';

/** Status label of a request that got no HTTP answer at all. */
export const NO_ANSWER = 'error';

/**
 * The outbound request metrics of a load generator, named `<service>_request_count` and
 * `<service>_request_latency_seconds`, the name in snake case
 * (docs/METRICS.md#load-generator-metrics).
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
export function trafficMetricsProviders(service: ServiceName): Provider[] {
  const { count, latency } = trafficMetricNamesOf(service);
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
