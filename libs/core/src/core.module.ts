import {
  DynamicModule,
  MiddlewareConsumer,
  Module,
  NestModule,
  RequestMethod,
} from '@nestjs/common';
import { ConfigFactory, ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { SERVICE_NAME, ServiceName, serviceConfig } from '@app/config';
import { HealthModule } from '@app/health';
import { HttpClientModule } from '@app/http-client';
import { LoggingModule } from '@app/logging';
import { MetricsModule, RequestMetricsNames } from '@app/metrics';
import { ApiDocs } from './api-docs';
import { ContractValidationPipe } from './contract-validation.pipe';
import { HttpErrorFilter } from './http-error.filter';
import { HttpServerSetup } from './http-server.setup';
import { RequestObserverMiddleware } from './request-observer.middleware';
import { RequestParsingMiddleware } from './request-parsing.middleware';
import {
  AdminTokenGuard,
  CommonScenarios,
  ScenarioFaultsMiddleware,
  ScenarioSwitchboard,
  ScenariosController,
  scenarioEnabledGauge,
} from './scenarios';
import { UnreadableBodyGuard } from './unreadable-body.guard';

export interface CoreModuleOptions {
  service: ServiceName;
  /** The app's own config namespaces (apps/<app>/src/config), registered for every module. */
  config?: ConfigFactory[];
  /** The service's own per-request metrics (docs/METRICS.md#service-request-metrics). */
  requestMetrics?: RequestMetricsNames;
}

/**
 * Everything a service of the demo shares, wired once: validated config, JSON logs with
 * trace ids, Prometheus metrics, health probes, the downstream HTTP client, body parsing,
 * validation, the error shape, the API docs and the failure scenarios' switchboard.
 * Registered as APP_* providers so that e2e tests built
 * from AppModule behave exactly like the running service.
 */
@Module({})
export class CoreModule implements NestModule {
  static forRoot(options: CoreModuleOptions): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          isGlobal: true,
          load: [serviceConfig(options.service), ...(options.config ?? [])],
        }),
        LoggingModule.forRoot(),
        MetricsModule.forRoot(options.requestMetrics),
        HealthModule,
        HttpClientModule,
      ],
      controllers: [ScenariosController],
      providers: [
        { provide: SERVICE_NAME, useValue: options.service },
        RequestObserverMiddleware,
        RequestParsingMiddleware,
        HttpServerSetup,
        ApiDocs,
        ScenarioSwitchboard,
        scenarioEnabledGauge,
        CommonScenarios,
        ScenarioFaultsMiddleware,
        AdminTokenGuard,
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useClass: ContractValidationPipe },
        { provide: APP_GUARD, useClass: UnreadableBodyGuard },
      ],
      exports: [HealthModule, SERVICE_NAME, ScenarioSwitchboard, AdminTokenGuard],
    };
  }

  /**
   * Three middleware layers for every request, in this order: the observer (span, log line,
   * metrics), then what may refuse the request before routing (Host, body), then the failure
   * scenarios that act per request — so that every refusal and every injected fault is
   * observed like any other answer.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RequestObserverMiddleware, RequestParsingMiddleware, ScenarioFaultsMiddleware)
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
