import type { Counter, Histogram } from 'prom-client';
import { counter, histogram } from '@app/metrics';

/** Status label of a request that got no HTTP answer at all. */
export const NO_ANSWER = 'error';

/**
 * The outbound request metrics of a load generator, named `<prefix>_request_count` and
 * `<prefix>_request_latency_seconds` as in the contract.
 */
export class TrafficMetrics {
  private readonly count: Counter<'method' | 'endpoint' | 'status'>;
  private readonly latency: Histogram<'method' | 'endpoint'>;

  constructor(prefix: string) {
    this.count = counter(`${prefix}_request_count`, ['method', 'endpoint', 'status']);
    this.latency = histogram(`${prefix}_request_latency_seconds`, ['method', 'endpoint']);
  }

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
