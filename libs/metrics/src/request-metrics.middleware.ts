import { Inject, Injectable, NestMiddleware, Optional } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { REQUEST_METRICS_NAMES, RequestMetricsNames } from './metrics.options';
import { RequestMetrics } from './request-metrics';

/** Requests that matched no route share one label, so a scan of random URLs cannot explode cardinality. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Nest mounts middleware as catch-all routes; when no handler matched, Express's last
 * route is one of those, which says nothing about the request.
 */
function isCatchAll(path: string): boolean {
  return path.includes('{*');
}

/**
 * Measures every request when its response finishes — including those a guard, a pipe or
 * the router rejected, which an interceptor would never see — and labels it by the route
 * template Express matched, never by the raw URL.
 */
@Injectable()
export class RequestMetricsMiddleware implements NestMiddleware {
  private readonly metrics: RequestMetrics;

  constructor(@Optional() @Inject(REQUEST_METRICS_NAMES) names?: RequestMetricsNames) {
    this.metrics = new RequestMetrics(names);
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const routePath: unknown = (req.route as { path?: unknown } | undefined)?.path;
      this.metrics.observe({
        method: req.method,
        route:
          typeof routePath === 'string' && !isCatchAll(routePath) ? routePath : UNMATCHED_ROUTE,
        status: res.statusCode,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    });
    next();
  }
}
