import { BadRequestException, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request } from 'express';

/**
 * HTTP/1.1 requires a Host header (RFC 9112 §3.2). Node checks it before Express sees the
 * request and answers an empty 400; HttpServerSetup switches that check off so the request
 * reaches this middleware and gets the `{"error"}` body, a log line and a metric instead.
 */
@Injectable()
export class HostHeaderMiddleware implements NestMiddleware {
  use(req: Request, _res: unknown, next: NextFunction): void {
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      throw new BadRequestException('Missing Host header');
    }
    next();
  }
}
