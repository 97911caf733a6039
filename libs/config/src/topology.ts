/**
 * Who listens where and who calls whom. Config defaults, the local runner and the
 * whole-system tests all read this one table, so the wiring cannot drift between them.
 */
export const SERVICE_NAMES = [
  'product-catalog',
  'currency-service',
  'ad-service',
  'checkout-service',
  'gateway',
  'instabook-cache',
  'instabook',
  'load-generator',
  'load-generator-instabook',
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceSpec {
  readonly name: ServiceName;
  readonly port: number;
  /** The env variable that carries the listening port (load generators use METRICS_PORT). */
  readonly portEnv: 'PORT' | 'METRICS_PORT';
  /** Env variable → the service whose base URL it holds. */
  readonly downstreams: Readonly<Record<string, ServiceName>>;
  readonly kind: 'service' | 'load-generator';
}

export const TOPOLOGY: Readonly<Record<ServiceName, ServiceSpec>> = {
  'product-catalog': spec('product-catalog', 8081),
  'currency-service': spec('currency-service', 8082),
  'ad-service': spec('ad-service', 8083),
  'checkout-service': spec('checkout-service', 8084, {
    PRODUCT_CATALOG_SERVICE: 'product-catalog',
    CURRENCY_SERVICE: 'currency-service',
  }),
  gateway: spec('gateway', 8080, {
    PRODUCT_CATALOG_SERVICE: 'product-catalog',
    CURRENCY_SERVICE: 'currency-service',
    AD_SERVICE: 'ad-service',
    CHECKOUT_SERVICE: 'checkout-service',
  }),
  'instabook-cache': spec('instabook-cache', 8086),
  instabook: spec('instabook', 8087, { INSTABOOK_CACHE_SERVICE: 'instabook-cache' }),
  'load-generator': {
    ...spec('load-generator', 8099, { GATEWAY_SERVICE: 'gateway' }),
    portEnv: 'METRICS_PORT',
    kind: 'load-generator',
  },
  'load-generator-instabook': {
    ...spec('load-generator-instabook', 8098, { INSTABOOK_SERVICE: 'instabook' }),
    portEnv: 'METRICS_PORT',
    kind: 'load-generator',
  },
};

function spec(
  name: ServiceName,
  port: number,
  downstreams: Record<string, ServiceName> = {},
): ServiceSpec {
  return { name, port, portEnv: 'PORT', downstreams, kind: 'service' };
}

export function defaultUrlOf(service: ServiceName): string {
  return `http://localhost:${TOPOLOGY[service].port}`;
}

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
