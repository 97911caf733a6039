import { Counter, Histogram, Registry, register as defaultRegistry } from 'prom-client';
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

/** The counter registered under `name`, created on first use (several apps may share one process). */
export function counter<T extends string>(
  name: string,
  labels: T[],
  registry: Registry = defaultRegistry,
): Counter<T> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<T>;
  return new Counter({
    name,
    help: `${name} by ${labels.join(', ')}`,
    labelNames: labels,
    registers: [registry],
  });
}

export function histogram<T extends string>(
  name: string,
  labels: T[],
  registry: Registry = defaultRegistry,
): Histogram<T> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Histogram<T>;
  return new Histogram({
    name,
    help: `${name} by ${labels.join(', ')}, in seconds`,
    labelNames: labels,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
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

/**
 * Records one request in the uniform HTTP metrics every service shares and in the
 * metrics the contract names for this service. Reuses metrics already registered so
 * several app instances in one process (tests) share them instead of failing.
 */
export class RequestMetrics {
  private readonly total: Counter<'method' | 'route' | 'status_code'>;
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly ownCounter?: Counter<string>;
  private readonly ownHistogram?: Histogram<string>;

  constructor(
    private readonly names: RequestMetricsNames | undefined,
    registry: Registry = defaultRegistry,
  ) {
    this.total = counter(HTTP_REQUESTS_TOTAL, ['method', 'route', 'status_code'], registry);
    this.duration = histogram(HTTP_REQUEST_DURATION, ['method', 'route', 'status_code'], registry);
    if (names) {
      this.ownCounter = counter(names.counter, ['method', 'endpoint', names.statusLabel], registry);
      if (names.histogram) {
        this.ownHistogram = histogram(names.histogram, ['method', 'endpoint'], registry);
      }
    }
  }

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
