import type { INestApplication, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AbstractLoader, ExpressLoader } from '@nestjs/serve-static';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import type { PrometheusOptions } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { APP_OPTIONS, configureApp } from '@app/core';
import { MetricsEndpointOptions } from '@app/metrics';

/**
 * The apps of a test file share prom-client's global registry, which holds one set of
 * process metrics: the first app registers them, the others serve them.
 */
class SharedProcessMetrics extends MetricsEndpointOptions {
  override createPrometheusOptions(): PrometheusOptions {
    const registered = register.getSingleMetric('process_cpu_user_seconds_total') !== undefined;
    return { ...super.createPrometheusOptions(), defaultMetrics: { enabled: !registered } };
  }
}

/**
 * Builds the app exactly as `bootstrapService` does (same options, same global providers
 * from AppModule), optionally customised, and initialises it without listening.
 */
export async function createE2eApp(
  appModule: Type,
  customise: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<INestApplication> {
  // serve-static picks its loader from the HTTP adapter, which a testing module lacks at compile time
  const builder = Test.createTestingModule({ imports: [appModule] })
    .overrideProvider(AbstractLoader)
    .useClass(ExpressLoader)
    .overrideProvider(MetricsEndpointOptions)
    .useClass(SharedProcessMetrics);
  const moduleRef = await customise(builder).compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestExpressApplication>({ ...APP_OPTIONS, logger: false }),
  );
  await app.init();
  return app;
}
