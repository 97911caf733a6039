import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { runWithTrace, traceContextFrom } from './trace-context';

/** Opens the trace context of each incoming request for everything that runs on its behalf. */
@Injectable()
export class TraceContextMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const context = traceContextFrom(req.header('traceparent'), req.header('x-request-id'));
    res.setHeader('x-request-id', context.requestId);
    runWithTrace(context, next);
  }
}
