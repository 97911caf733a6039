import type { INestApplication, Type } from '@nestjs/common';
import type { ConfigFactory, ConfigFactoryKeyHost, ConfigType } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AbstractLoader, ExpressLoader } from '@nestjs/serve-static';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import type { PrometheusOptions } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import {
  SERVICE_CONFIG,
  SERVICE_NAME,
  ServiceConfig,
  ServiceName,
  buildServiceConfig,
  environment,
} from '@app/config';
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

/** What `registerAs` returns: the namespace's factory, carrying its injection token. */
type NamespaceFactory = ConfigFactory & Pick<ConfigFactoryKeyHost, 'KEY'>;

/** One config namespace of the app under test with some of its values replaced. */
export interface ConfigOverride {
  readonly config: NamespaceFactory;
  readonly values: object;
}

/**
 * `config` (an app's `registerAs` namespace) as the environment sets it, but with `values`:
 * tests change config through the provider, never by writing the process environment.
 */
export function withConfig<F extends NamespaceFactory>(
  config: F,
  values: Partial<ConfigType<F>>,
): ConfigOverride {
  return { config, values };
}

export interface E2eAppOptions {
  /** Service settings to replace; logs are silent unless a test (or LOG_LEVEL) asks for them. */
  service?: Partial<ServiceConfig>;
  /** The app's own namespaces to replace; one the app does not register is ignored. */
  config?: ConfigOverride[];
  /** Any other provider to replace (a clock, a store). */
  customise?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/**
 * Builds the app exactly as `bootstrapService` does (same options, same global providers
 * from AppModule), with the config and providers a test replaces, and initialises it
 * without listening.
 */
export async function createE2eApp(
  appModule: Type,
  { service = {}, config = [], customise = (builder) => builder }: E2eAppOptions = {},
): Promise<INestApplication> {
  // serve-static picks its loader from the HTTP adapter, which a testing module lacks at compile time
  let builder = Test.createTestingModule({ imports: [appModule] })
    .overrideProvider(AbstractLoader)
    .useClass(ExpressLoader)
    .overrideProvider(MetricsEndpointOptions)
    .useClass(SharedProcessMetrics)
    .overrideProvider(SERVICE_CONFIG)
    .useFactory({
      // JSON log lines would bury the test report; tests assert logs where they matter
      factory: (name: ServiceName): ServiceConfig => ({
        ...buildServiceConfig(name, { LOG_LEVEL: 'silent', ...environment() }),
        ...service,
      }),
      inject: [SERVICE_NAME],
    });
  for (const { config: namespace, values } of config) {
    builder = builder.overrideProvider(namespace.KEY).useFactory({
      factory: async () => ({ ...((await namespace()) as object), ...values }),
    });
  }
  const moduleRef = await customise(builder).compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestExpressApplication>({ ...APP_OPTIONS, logger: false }),
  );
  await app.init();
  return app;
}
