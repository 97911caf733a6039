import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { json } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';
import { MAX_JSON_DEPTH, UnreadableBody, nestsDeeperThan } from './unreadable-body';

function isMalformedJson(error: unknown): boolean {
  return (error as { type?: unknown } | undefined)?.type === 'entity.parse.failed';
}

/**
 * Parses JSON bodies inside Nest's middleware chain rather than Express's, so an oversized
 * body or a bad encoding reaches our exception filter (and its `{"error"}` shape) instead
 * of Express's HTML error page. Bodies that are malformed or nest deeper than
 * {@link MAX_JSON_DEPTH} are replaced by an {@link UnreadableBody} before anything
 * (class-transformer, a downstream call) walks them recursively.
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
        if (error && !isMalformedJson(error)) {
          // discard the rest of an oversized body so the client receives our answer
          req.resume();
          reject(error instanceof Error ? error : new Error('Invalid request body'));
          return;
        }
        if (error) {
          req.body = new UnreadableBody('Malformed JSON body');
        } else if (nestsDeeperThan(req.body, MAX_JSON_DEPTH)) {
          req.body = new UnreadableBody(`JSON body nested deeper than ${MAX_JSON_DEPTH} levels`);
        }
        next();
        resolve();
      });
    });
  }
}
