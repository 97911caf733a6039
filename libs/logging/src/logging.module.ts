import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';
import { loggerOptions } from './pino-options';
import { startTracing, TracingSetup } from './tracing';

const TRACING = Symbol('TRACING');

/**
 * JSON logs through nestjs-pino (Nest's own lines and every `Logger` of ours) and the
 * OpenTelemetry tracer. The line each request leaves is written by the request observer
 * (libs/core), from the same logger, once per request: nestjs-pino's pino-http middleware
 * is not mounted (`forRoutes: []`), because it builds a child logger and an async context
 * for every request, which cost more than the rest of a small request's work.
 */
@Module({})
export class LoggingModule implements OnApplicationShutdown {
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
            pinoHttp: {
              logger: pino(loggerOptions(config.service, config.logLevel), process.stdout),
            },
            forRoutes: [],
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
}
