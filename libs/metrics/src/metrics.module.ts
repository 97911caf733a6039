import {
  DynamicModule,
  MiddlewareConsumer,
  Module,
  NestModule,
  RequestMethod,
} from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { REQUEST_METRICS_NAMES, RequestMetricsNames } from './metrics.options';
import { RequestMetricsMiddleware } from './request-metrics.middleware';

@Module({})
export class MetricsModule implements NestModule {
  /** `names` are the service's own per-request metrics; load generators have none. */
  static forRoot(names?: RequestMetricsNames): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      imports: [
        PrometheusModule.register({
          path: '/metrics',
          // process metrics are per process: a second app in the same process (tests) reuses them
          defaultMetrics: { enabled: !register.getSingleMetric('process_cpu_user_seconds_total') },
        }),
      ],
      providers: [{ provide: REQUEST_METRICS_NAMES, useValue: names }, RequestMetricsMiddleware],
      exports: [PrometheusModule],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RequestMetricsMiddleware)
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
