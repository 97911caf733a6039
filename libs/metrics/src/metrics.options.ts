import { Injectable } from '@nestjs/common';
import type { PrometheusOptions, PrometheusOptionsFactory } from '@willsoto/nestjs-prometheus';
import { MetricsController } from './metrics.controller';

/** `GET /metrics`, with the process metrics prom-client collects by default. */
@Injectable()
export class MetricsEndpointOptions implements PrometheusOptionsFactory {
  createPrometheusOptions(): PrometheusOptions {
    // willsoto puts `path` on `controller`: the documented subclass, not its own base class
    return { path: '/metrics', controller: MetricsController };
  }
}

/**
 * A service's own per-request metrics (docs/METRICS.md#service-request-metrics): a counter labelled
 * `method, endpoint, <statusLabel>` and a latency histogram labelled `method, endpoint`.
 */
export interface RequestMetricsNames {
  counter: string;
  statusLabel: 'status' | 'http_status';
  /** Omitted where the service has no latency metric of its own (the gateway). */
  histogram?: string;
}

export const HTTP_REQUESTS_TOTAL = 'http_requests_total';
export const HTTP_REQUEST_DURATION = 'http_request_duration_seconds';

export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
