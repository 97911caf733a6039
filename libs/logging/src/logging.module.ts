import {
  DynamicModule,
  MiddlewareConsumer,
  Module,
  NestModule,
  RequestMethod,
} from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';
import { pinoHttpOptions } from './pino-options';
import { TraceContextMiddleware } from './trace-context.middleware';

@Module({})
export class LoggingModule implements NestModule {
  static forRoot(): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) => ({
            // process.stdout writes synchronously to files and pipes on Linux, so the last
            // lines before a crash or process.exit() are not lost in a buffer
            pinoHttp: [pinoHttpOptions(config.service, config.logLevel), process.stdout],
            forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          }),
        }),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(TraceContextMiddleware)
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
