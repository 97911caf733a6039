import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ServiceName, serviceConfig } from '@app/config';
import { HealthModule } from '@app/health';
import { HttpClientModule } from '@app/http-client';
import { LoggingModule } from '@app/logging';
import { MetricsModule, RequestMetricsNames } from '@app/metrics';
import { ContractValidationPipe } from './contract-validation.pipe';
import { HttpErrorFilter } from './http-error.filter';
import { HttpServerSetup } from './http-server.setup';
import { RequestParsingModule } from './request-parsing.module';
import { UnreadableBodyInterceptor } from './unreadable-body.interceptor';

export interface CoreModuleOptions {
  service: ServiceName;
  /** The service's own per-request metrics, named as in the contract. */
  requestMetrics?: RequestMetricsNames;
}

/**
 * Everything a service of the demo shares, wired once: validated config, JSON logs with
 * trace ids, Prometheus metrics, health probes, the downstream HTTP client, body parsing,
 * validation and the error shape. Registered as APP_* providers so that e2e tests built
 * from AppModule behave exactly like the running service.
 */
@Module({})
export class CoreModule {
  static forRoot(options: CoreModuleOptions): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          isGlobal: true,
          load: [serviceConfig(options.service)],
        }),
        LoggingModule.forRoot(),
        MetricsModule.forRoot(options.requestMetrics),
        HealthModule,
        HttpClientModule,
        // after LoggingModule: its middleware must run after the request logger's
        RequestParsingModule,
      ],
      providers: [
        HttpServerSetup,
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useClass: ContractValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: UnreadableBodyInterceptor },
      ],
      exports: [HealthModule],
    };
  }
}
