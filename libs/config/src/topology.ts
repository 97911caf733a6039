import PORTS from './ports.json';

/**
 * Who listens where and who calls whom. Config defaults, the local runner and the
 * whole-system tests all read this one table, so the wiring cannot drift between them.
 * The services and their ports, in start order, are ports.json, which the shell scripts
 * read too (scripts/ports.sh).
 */
export const SERVICE_NAMES = Object.keys(PORTS) as readonly ServiceName[];

export type ServiceName = keyof typeof PORTS;

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
  'product-catalog': spec('product-catalog'),
  'currency-service': spec('currency-service'),
  'ad-service': spec('ad-service'),
  'checkout-service': spec('checkout-service', {
    PRODUCT_CATALOG_SERVICE: 'product-catalog',
    CURRENCY_SERVICE: 'currency-service',
  }),
  gateway: spec('gateway', {
    PRODUCT_CATALOG_SERVICE: 'product-catalog',
    CURRENCY_SERVICE: 'currency-service',
    AD_SERVICE: 'ad-service',
    CHECKOUT_SERVICE: 'checkout-service',
  }),
  'instabook-cache': spec('instabook-cache'),
  instabook: spec('instabook', { INSTABOOK_CACHE_SERVICE: 'instabook-cache' }),
  'load-generator': {
    ...spec('load-generator', { GATEWAY_SERVICE: 'gateway' }),
    portEnv: 'METRICS_PORT',
    kind: 'load-generator',
  },
  'load-generator-instabook': {
    ...spec('load-generator-instabook', { INSTABOOK_SERVICE: 'instabook' }),
    portEnv: 'METRICS_PORT',
    kind: 'load-generator',
  },
};

function spec(name: ServiceName, downstreams: Record<string, ServiceName> = {}): ServiceSpec {
  return { name, port: PORTS[name], portEnv: 'PORT', downstreams, kind: 'service' };
}

export function defaultUrlOf(service: ServiceName): string {
  return `http://localhost:${TOPOLOGY[service].port}`;
}

/** A service's name in snake case (`load_generator_instabook`), as its metric names start. */
export function snakeCaseOf(service: ServiceName): string {
  return service.replace(/-/g, '_');
}

/**
 * `<SERVICE>_SCENARIOS` (`CHECKOUT_SERVICE_SCENARIOS`): one service's scenarios, as Compose and
 * `npm start` read them.
 */
export function scenariosVariableOf(service: ServiceName): string {
  return `${snakeCaseOf(service).toUpperCase()}_SCENARIOS`;
}

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
