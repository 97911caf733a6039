import type { Provider } from '@nestjs/common';
import { getToken, makeCounterProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import {
  HTTP_REQUEST_DURATION,
  HTTP_REQUESTS_TOTAL,
  LATENCY_BUCKETS,
  RequestMetricsNames,
} from './metrics.options';

export interface RequestObservation {
  method: string;
  route: string;
  status: number | string;
  seconds: number;
}

/** A counter whose help text names what it counts by, as every request metric's does. */
export function labelledCounter(name: string, labels: string[]): Provider {
  return makeCounterProvider({
    name,
    help: `${name} by ${labels.join(', ')}`,
    labelNames: labels,
  });
}

/** A latency histogram in seconds with the shared buckets. */
export function latencyHistogram(name: string, labels: string[]): Provider {
  return makeHistogramProvider({
    name,
    help: `${name} by ${labels.join(', ')}, in seconds`,
    labelNames: labels,
    buckets: LATENCY_BUCKETS,
  });
}

/** Requests that matched no route share one label, so a scan of random URLs cannot explode cardinality. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route label of a finished request: the template Express matched (`/product/:id`),
 * never the raw URL. Nest mounts middleware as catch-all routes; when no handler matched,
 * Express's last route may be one of those, which says nothing about the request.
 */
export function routeLabel(route: unknown): string {
  const path: unknown = (route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && !path.includes('{*') ? path : UNMATCHED_ROUTE;
}

type UniformLabel = 'method' | 'route' | 'status_code';

/**
 * Records one request in the uniform HTTP metrics every service shares and in the
 * service request metrics of its own (docs/METRICS.md#service-request-metrics).
 */
export class RequestMetrics {
  constructor(
    private readonly names: RequestMetricsNames | undefined,
    private readonly total: Counter<UniformLabel>,
    private readonly duration: Histogram<UniformLabel>,
    private readonly ownCounter?: Counter<string>,
    private readonly ownHistogram?: Histogram<string>,
  ) {}

  observe({ method, route, status, seconds }: RequestObservation): void {
    const code = String(status);
    this.total.inc({ method, route, status_code: code });
    this.duration.observe({ method, route, status_code: code }, seconds);
    if (this.names) {
      this.ownCounter?.inc({ method, endpoint: route, [this.names.statusLabel]: code });
      this.ownHistogram?.observe({ method, endpoint: route }, seconds);
    }
  }
}

/** The metric providers behind {@link RequestMetrics}, and the provider of it. */
export function requestMetricsProviders(names?: RequestMetricsNames): Provider[] {
  const uniform = ['method', 'route', 'status_code'];
  const metrics = [
    labelledCounter(HTTP_REQUESTS_TOTAL, uniform),
    latencyHistogram(HTTP_REQUEST_DURATION, uniform),
  ];
  const tokens = [getToken(HTTP_REQUESTS_TOTAL), getToken(HTTP_REQUEST_DURATION)];
  if (names) {
    metrics.push(labelledCounter(names.counter, ['method', 'endpoint', names.statusLabel]));
    tokens.push(getToken(names.counter));
    if (names.histogram) {
      metrics.push(latencyHistogram(names.histogram, ['method', 'endpoint']));
      tokens.push(getToken(names.histogram));
    }
  }
  return [
    ...metrics,
    {
      provide: RequestMetrics,
      inject: tokens,
      useFactory: (
        total: Counter<UniformLabel>,
        duration: Histogram<UniformLabel>,
        ownCounter?: Counter<string>,
        ownHistogram?: Histogram<string>,
      ) => new RequestMetrics(names, total, duration, ownCounter, ownHistogram),
    },
  ];
}
