import { DynamicModule, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { MetricsController } from './metrics.controller';
import { RequestMetricsNames } from './metrics.options';
import { RequestMetrics } from './request-metrics';

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
        PrometheusModule.register({
          path: '/metrics',
          controller: MetricsController,
          // process metrics are per process: a second app in the same process (tests) reuses them
          defaultMetrics: { enabled: !register.getSingleMetric('process_cpu_user_seconds_total') },
        }),
      ],
      providers: [{ provide: RequestMetrics, useFactory: () => new RequestMetrics(names) }],
      exports: [PrometheusModule, RequestMetrics],
    };
  }
}
