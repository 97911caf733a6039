import { Injectable, NestMiddleware } from '@nestjs/common';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { isMarkedFailed, markFailed, requestIdFrom, tracer, withRequestId } from './tracing';

/**
 * Opens the server span of each incoming request — continuing the caller's W3C trace when it
 * sent a valid `traceparent`, else starting one — and makes it, with the request id, the
 * active context of everything that runs on the request's behalf.
 */
@Injectable()
export class TraceContextMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const requestId = requestIdFrom(req.header('x-request-id'));
    res.setHeader('x-request-id', requestId);
    const method = req.method;
    const span = tracer().startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': method,
          'url.path': req.path,
          'url.scheme': req.protocol,
          'server.port': req.socket.localPort,
          'user_agent.original': req.header('user-agent'),
        },
      },
      parent,
    );
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      // Express has matched the route by now; its template names the span (`GET /product/:id`)
      const route = (req.route as { path?: unknown } | undefined)?.path;
      if (typeof route === 'string') {
        span.updateName(`${method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      // a reason given by the error filter stays; a 5xx without one still counts as failed
      if (res.statusCode >= 500 && !isMarkedFailed(span))
        markFailed(span, `HTTP ${res.statusCode}`);
      if (!res.writableFinished) markFailed(span, 'connection closed before the response ended');
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(withRequestId(trace.setSpan(parent, span), requestId), next);
  }
}
