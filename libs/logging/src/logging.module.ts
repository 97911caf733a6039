import {
  DynamicModule,
  Inject,
  MiddlewareConsumer,
  Module,
  NestModule,
  OnApplicationShutdown,
  RequestMethod,
} from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';
import { pinoHttpOptions } from './pino-options';
import { TraceContextMiddleware } from './trace-context.middleware';
import { startTracing, TracingSetup } from './tracing';

const TRACING = Symbol('TRACING');

@Module({})
export class LoggingModule implements NestModule, OnApplicationShutdown {
  constructor(@Inject(TRACING) private readonly tracing: TracingSetup) {}

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
      providers: [
        {
          provide: TRACING,
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) => startTracing(config.service),
        },
      ],
    };
  }

  /** Spans of the last requests leave before the process does. */
  async onApplicationShutdown(): Promise<void> {
    await this.tracing.flush();
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(TraceContextMiddleware)
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
