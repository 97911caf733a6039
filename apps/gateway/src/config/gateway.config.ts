import { registerAs } from '@nestjs/config';
import { IsOptional, ValidateBy, isURL } from 'class-validator';
import {
  Env,
  IsServiceUrl,
  SERVICE_NAMES,
  SERVICE_URL_OPTIONS,
  ServiceName,
  defaultUrlOf,
  environment,
  isServiceName,
  loadEnv,
} from '@app/config';

/**
 * `CONSOLE_SERVICES`: comma-separated `name=url` pairs, each naming a service of the topology
 * once; the URL of a service not named stays its default.
 */
function parseConsoleServices(value: string): Partial<Record<ServiceName, string>> | undefined {
  const urls: Partial<Record<ServiceName, string>> = {};
  for (const pair of value.split(',')) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const url = pair.slice(at + 1).trim();
    if (at < 0 || !isServiceName(name) || urls[name] || !isURL(url, SERVICE_URL_OPTIONS))
      return undefined;
    urls[name] = url.replace(/\/+$/, '');
  }
  return urls;
}

const IsConsoleServices = () =>
  ValidateBy({
    name: 'isConsoleServices',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && parseConsoleServices(value) !== undefined,
      defaultMessage: () =>
        'must be comma-separated name=url pairs, each name a service of the demo once, each url http(s)',
    },
  });

class GatewayEnv {
  @IsServiceUrl() PRODUCT_CATALOG_SERVICE = defaultUrlOf('product-catalog');
  @IsServiceUrl() CURRENCY_SERVICE = defaultUrlOf('currency-service');
  @IsServiceUrl() AD_SERVICE = defaultUrlOf('ad-service');
  @IsServiceUrl() CHECKOUT_SERVICE = defaultUrlOf('checkout-service');
}

class ConsoleEnv {
  /** Where the console reads and switches each service (server-side), e.g. `gateway=http://gateway:8080`. */
  @IsOptional() @IsConsoleServices() CONSOLE_SERVICES?: string;
  /** The console's link to the instabook-cache token page: a URL the browser can open. */
  @IsServiceUrl() CONSOLE_TOKEN_PAGE_URL = `${defaultUrlOf('instabook-cache')}/admin/`;
  /** The console's link to Grafana, shown only when set. */
  @IsOptional() @IsServiceUrl() GRAFANA_URL?: string;
}

/** Where the gateway finds the four services it calls. */
export const gatewayConfig = registerAs('gateway', () => {
  const env = loadEnv(GatewayEnv);
  return {
    productCatalogUrl: env.PRODUCT_CATALOG_SERVICE,
    currencyUrl: env.CURRENCY_SERVICE,
    adUrl: env.AD_SERVICE,
    checkoutUrl: env.CHECKOUT_SERVICE,
  };
});

/** Each read of a service per poll must be quick, so one hung service cannot stall the page. */
const CONSOLE_READ_TIMEOUT_MS = 1_500;
/** A switch may wait for a busy service a little longer. */
const CONSOLE_SWITCH_TIMEOUT_MS = 5_000;

/** The console's settings from an environment (the process's in {@link consoleConfig}). */
export function consoleSettings(environment: Env) {
  const env = loadEnv(ConsoleEnv, environment);
  const overrides = env.CONSOLE_SERVICES ? parseConsoleServices(env.CONSOLE_SERVICES) : {};
  return {
    /** Every service of the topology, in its order, at the URL the gateway reaches it by. */
    services: Object.fromEntries(
      SERVICE_NAMES.map((name) => [name, overrides?.[name] ?? defaultUrlOf(name)]),
    ) as Record<ServiceName, string>,
    tokenPageUrl: env.CONSOLE_TOKEN_PAGE_URL,
    grafanaUrl: env.GRAFANA_URL ?? null,
    readTimeoutMs: CONSOLE_READ_TIMEOUT_MS,
    switchTimeoutMs: CONSOLE_SWITCH_TIMEOUT_MS,
  };
}

/** What the console (`/console`) reads, switches and links to. */
export const consoleConfig = registerAs('console', () => consoleSettings(environment()));
