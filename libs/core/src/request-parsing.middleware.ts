import {
  BadRequestException,
  HttpException,
  Inject,
  Injectable,
  NestMiddleware,
} from '@nestjs/common';
import { json } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';
import { MAX_JSON_DEPTH, UnreadableBody, nestsDeeperThan } from './unreadable-body';

/** What body-parser (and raw-body, zlib under it) reports: a 4xx status, sometimes a type. */
interface ParserError {
  status?: unknown;
  type?: unknown;
  code?: unknown;
}

const PARSER_MESSAGES: Record<string, string> = {
  'entity.too.large': 'Request body too large',
  'encoding.unsupported': 'Unsupported request body encoding',
  'charset.unsupported': 'Unsupported request body charset',
  'request.size.invalid': 'Request body length does not match Content-Length',
  'request.aborted': 'Request body aborted',
};

/**
 * The answer to a body the parser refused, in the `{"error"}` words of this API. Every
 * refusal body-parser makes is the client's fault (a 4xx), including a body whose
 * decompression fails because it is not what its Content-Encoding claims.
 */
function refusal(error: ParserError, req: Request): HttpException {
  const status = typeof error.status === 'number' && error.status < 500 ? error.status : 400;
  const known = typeof error.type === 'string' ? PARSER_MESSAGES[error.type] : undefined;
  // zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR, ERR_…) carry a code and no type
  const encoding = req.headers['content-encoding'];
  const message =
    known ??
    (encoding && typeof error.code === 'string'
      ? `Request body is not valid ${encoding} data`
      : 'Invalid request body');
  return new HttpException(message, status);
}

/** Whether a request has a body at all (RFC 9112 §6.3): a GET usually has none. */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '');
}

/**
 * What can refuse a request before any route sees it, run right after the request
 * observer so that its 4xx answers are logged, counted and traced:
 * - HTTP/1.1 requires a Host header (RFC 9112 §3.2). Node checks it before Express sees
 *   the request and answers an empty 400; HttpServerSetup switches that check off so the
 *   request gets the `{"error"}` body here instead.
 * - JSON bodies are parsed here, inside Nest's middleware chain rather than Express's, so
 *   an oversized body or a bad encoding reaches our exception filter (and its `{"error"}`
 *   shape) instead of Express's HTML error page. Bodies that are malformed or nest deeper
 *   than {@link MAX_JSON_DEPTH} are replaced by an {@link UnreadableBody} before anything
 *   (class-transformer, a downstream call) walks them recursively, so the route can answer
 *   in its own words after its guards.
 */
@Injectable()
export class RequestParsingMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    this.parse = json({ limit: config.maxBodyBytes, strict: true });
  }

  use(req: Request, res: Response, next: NextFunction): Promise<void> | void {
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      throw new BadRequestException('Missing Host header');
    }
    if (!hasBody(req)) {
      next();
      return;
    }
    return new Promise((resolve, reject) => {
      void this.parse(req, res, (error?: unknown) => {
        const failure = error as (ParserError & Error) | undefined;
        if (failure && failure.type !== 'entity.parse.failed') {
          // discard the rest of an oversized body so the client receives our answer
          req.resume();
          reject(refusal(failure, req));
          return;
        }
        if (failure) {
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
