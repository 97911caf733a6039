import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { BodyParserMiddleware } from './body-parser.middleware';
import { HostHeaderMiddleware } from './host-header.middleware';

/**
 * The middleware that can refuse a request before any route sees it. Not global on
 * purpose: Nest mounts the middleware of global modules first, and these must run after
 * the request logger and trace context (LoggingModule), or their 4xx answers would be
 * neither logged nor traced.
 */
@Module({ providers: [HostHeaderMiddleware, BodyParserMiddleware] })
export class RequestParsingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(HostHeaderMiddleware, BodyParserMiddleware)
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
