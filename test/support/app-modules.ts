import type { Type } from '@nestjs/common';
import type { ServiceName } from '@app/config';
import { ConfigOverride, withConfig } from '@app/testing';
import { loadGeneratorConfig } from '../../apps/load-generator/src/config/load-generator.config';
import { loadGeneratorInstabookConfig } from '../../apps/load-generator-instabook/src/config/load-generator-instabook.config';

/**
 * Every service's root module, loaded on demand so a spec pays only for the apps it builds.
 * Specs that build apps in-process (common endpoints, route discovery) share this one list.
 */
export const APP_MODULES: Record<ServiceName, () => Promise<Type>> = {
  gateway: async () => (await import('../../apps/gateway/src/app.module')).AppModule,
  'product-catalog': async () =>
    (await import('../../apps/product-catalog/src/app.module')).AppModule,
  'currency-service': async () =>
    (await import('../../apps/currency-service/src/app.module')).AppModule,
  'ad-service': async () => (await import('../../apps/ad-service/src/app.module')).AppModule,
  'checkout-service': async () =>
    (await import('../../apps/checkout-service/src/app.module')).AppModule,
  'instabook-cache': async () =>
    (await import('../../apps/instabook-cache/src/app.module')).AppModule,
  instabook: async () => (await import('../../apps/instabook/src/app.module')).AppModule,
  'load-generator': async () =>
    (await import('../../apps/load-generator/src/app.module')).AppModule,
  'load-generator-instabook': async () =>
    (await import('../../apps/load-generator-instabook/src/app.module')).AppModule,
};

/**
 * Targets for load generators built in-process: port 9 (discard) refuses at once, so their
 * traffic loops neither reach a real service nor wait on a default port. An app that does
 * not register a namespace ignores its override.
 */
export const NOWHERE_TARGETS: ConfigOverride[] = [
  withConfig(loadGeneratorConfig, { gatewayUrl: 'http://127.0.0.1:9' }),
  withConfig(loadGeneratorInstabookConfig, { instabookUrl: 'http://127.0.0.1:9' }),
];
