import { Injectable, NestMiddleware } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { endServerSpan, logServedRequest, requestLogger, startServerSpan } from '@app/logging';
import { RequestMetrics, routeLabel, UNMATCHED_ROUTE } from '@app/metrics';

/**
 * The first thing every request meets, and the one place it is observed: it opens the
 * request's server span (continuing the caller's trace) and makes it, with the request id,
 * the active context of everything that runs on the request's behalf; when the answer
 * ends — including one a guard, a pipe or the router refused, which an interceptor would
 * never see — it ends the span, records the metrics (of a completed answer) under the route template Express
 * matched, and writes the request's log line. All three from one start time and one
 * listener, because a small request's real work costs less than three of each.
 */
@Injectable()
export class RequestObserverMiddleware implements NestMiddleware {
  private readonly log: Logger;

  constructor(
    private readonly metrics: RequestMetrics,
    pino: PinoLogger,
  ) {
    this.log = requestLogger(pino.logger);
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    const method = req.method;
    const url = req.originalUrl;
    const server = startServerSpan({
      method,
      path: req.path,
      protocol: req.protocol,
      port: req.socket.localPort,
      headers: req.headers,
    });
    res.setHeader('x-request-id', server.requestId);
    const end = () => {
      res.off('finish', end);
      res.off('close', end);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = res.statusCode;
      const route = routeLabel(req.route);
      endServerSpan(
        server.span,
        method,
        route === UNMATCHED_ROUTE ? undefined : route,
        status,
        res.writableFinished,
      );
      // an answer the connection cut short has no status to count
      if (res.writableFinished) this.metrics.observe({ method, route, status, seconds });
      logServedRequest(this.log, {
        method,
        url,
        status,
        durationMs: Math.round(seconds * 1000),
        ids: server.ids,
      });
    };
    res.on('finish', end);
    res.on('close', end);
    context.with(server.context, next);
  }
}
