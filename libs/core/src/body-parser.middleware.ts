import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { json } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';

/**
 * Parses JSON bodies inside Nest's middleware chain rather than Express's, so a malformed
 * or oversized body reaches our exception filter (and its `{"error"}` shape) instead of
 * Express's HTML error page.
 */
@Injectable()
export class BodyParserMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    this.parse = json({ limit: config.maxBodyBytes, strict: true });
  }

  use(req: Request, res: Response, next: NextFunction): Promise<void> {
    return new Promise((resolve, reject) => {
      void this.parse(req, res, (error?: unknown) => {
        if (error) {
          // discard the rest of an oversized body so the client receives our answer
          req.resume();
          reject(error instanceof Error ? error : new Error('Invalid request body'));
          return;
        }
        next();
        resolve();
      });
    });
  }
}
