import { type ServiceName, snakeCaseOf } from '@app/config';

/**
 * The names of a load generator's outbound request metrics: `<service>_request_count` (by
 * method, endpoint, status) and `<service>_request_latency_seconds`, the service's name in snake
 * case (docs/METRICS.md#load-generator-metrics). The load generators register them; the
 * console reads the count.
 */
export function trafficMetricNamesOf(service: ServiceName): { count: string; latency: string } {
  const prefix = snakeCaseOf(service);
  return { count: `${prefix}_request_count`, latency: `${prefix}_request_latency_seconds` };
}
