import { DynamicModule, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { MetricsController } from './metrics.controller';
import { MetricsEndpointOptions, RequestMetricsNames } from './metrics.options';
import { RequestMetrics, requestMetricsProviders } from './request-metrics';

/**
 * `GET /metrics` with the process metrics, and {@link RequestMetrics}, which the request
 * observer (libs/core) feeds once per finished request.
 */
@Module({})
export class MetricsModule {
  /** `names` are the service's own per-request metrics; load generators have none. */
  static forRoot(names?: RequestMetricsNames): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      imports: [
        // async, so the process metrics are registered when the app is built (once per
        // process), not when a module that imports this one is loaded
        PrometheusModule.registerAsync({
          useClass: MetricsEndpointOptions,
          controller: MetricsController,
        }),
      ],
      providers: requestMetricsProviders(names),
      exports: [PrometheusModule, RequestMetrics],
    };
  }
}
