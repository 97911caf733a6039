import fc from 'fast-check';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { ServiceName } from '@app/config';
import { SUPPORTED_CURRENCIES } from '@app/contracts';
import type { FuzzRequest } from './exchange';
import {
  EXTREME_NUMBERS,
  Payload,
  RequestShape,
  anyMethod,
  methodFor,
  oddSegment,
  param,
  query,
  requests,
  unknownPath,
} from './inputs';
import { EVERY_PATH, staticKey } from './routes';

/** How one route of one service is fuzzed: its `METHOD /template` key and request count. */
export interface RouteFuzz {
  key: string;
  runs: number;
  requests: fc.Arbitrary<FuzzRequest>;
}

const ORDER: Payload = {
  value: {
    user_id: 'user-1',
    user_currency: 'EUR',
    address: { street: '1 Main St', city: 'Springfield', country: 'US', zip: '12345' },
    email: 'user1@example.com',
    items: [{ product_id: 1, quantity: 2 }],
  },
  paths: [
    ['user_id'],
    ['user_currency'],
    ['address'],
    ['address', 'city'],
    ['email'],
    ['items'],
    ['items', 0],
    ['items', 0, 'product_id'],
    ['items', 0, 'quantity'],
  ],
};

const SESSION: Payload = {
  value: {
    id: 'fuzz-session-1',
    user_id: 'user-1',
    booking_id: 'BK-00000001',
    status: 'pending',
    data: 'Booking for hotel - 1 items',
  },
  paths: [['id'], ['user_id'], ['booking_id'], ['status'], ['data']],
};

const currencies = fc.constantFrom(...SUPPORTED_CURRENCIES, 'eur', 'Usd', 'XXX', 'ſ', '');
const categories = fc.constantFrom('Electronics', 'electronics', 'Audio', 'Wearables', 'None', '');
const productIds = fc.constantFrom('1', '2', '3', '4', '5');
const amounts = fc.oneof(
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom(...EXTREME_NUMBERS),
);
const scenarioNames = fc.constantFrom('latency', 'readiness-fail', 'error-rate', 'no-such');
const productIdLists = fc
  .array(fc.oneof(productIds, oddSegment), { maxLength: 12 })
  .map((ids) => ids.join(','));

/**
 * A switch through the console. The fuzzed names are no scenario's, so the services answer
 * 404 and nothing is switched on while the fuzzer runs; the request still crosses the gateway
 * to the service with every odd body and header.
 */
const SCENARIO_SWITCH: Payload = {
  value: { enabled: true, params: { ms: 100, route: 'all' } },
  paths: [['enabled'], ['params'], ['params', 'ms'], ['params', 'route']],
};
const consoleServices = fc.constantFrom(
  'gateway',
  'product-catalog',
  'instabook-cache',
  'load-generator',
  'Gateway',
  'no-such-service',
);
const unknownScenarios = fc.constantFrom('no-such-scenario', 'LATENCY', 'latency%20', 'error_rate');

const SWITCH: Payload = {
  value: { enabled: false, params: {} },
  paths: [['enabled'], ['params']],
};

const DECODERS: Record<string, (bytes: Buffer) => Buffer> = {
  gzip: gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

/** A body's text, decompressed when it says it is and can be; raw otherwise. */
function bodyText(request: FuzzRequest): string {
  if (!request.body) return '';
  const encoding = String(request.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  try {
    return (DECODERS[encoding]?.(request.body) ?? request.body).toString('latin1');
  } catch {
    return request.body.toString('latin1');
  }
}

/**
 * True for a switch that could turn a failure scenario on: its 5xx, waits and 503 probes
 * would be the demo's stories, not bugs. Any `true` in the body counts, however it is keyed.
 */
const mayEnableScenario = (request: FuzzRequest) =>
  request.method === 'PUT' && /true/.test(bodyText(request));

/** True for a request that could flip the cache's token auth (the demo's story, not a bug). */
const mayToggleTokenAuth = (request: FuzzRequest) =>
  request.method === 'POST' && /admin\/token/i.test(request.path);

/**
 * Every route of every service with the inputs that suit it. Keys must equal what the apps
 * declare (see routes.ts); the suite fails on a route missing here or listed in vain.
 * `runs` weights the 10,000+ requests towards routes with bodies and downstream calls.
 */
export function fuzzTable(limit: number): {
  demo: Record<ServiceName, RouteFuzz[]>;
  standaloneCache: RouteFuzz;
} {
  const route = (key: string, runs: number, shape: Omit<RequestShape, 'method'>): RouteFuzz => ({
    key,
    runs,
    // a static mount is fetched with GET like the files below it
    requests: requests(
      { method: methodFor(key.startsWith('STATIC') ? 'GET' : key.split(' ')[0]), ...shape },
      limit,
    ),
  });
  const withoutEnabling = (entry: RouteFuzz): RouteFuzz => ({
    ...entry,
    requests: entry.requests.filter((request) => !mayEnableScenario(request)),
  });
  const at = (path: string, ...variants: string[]) => fc.constantFrom(path, ...variants);
  const under = (prefix: string, id: fc.Arbitrary<string>) =>
    param(id).map((value) => `${prefix}/${value}`);

  const common = (): RouteFuzz[] => [
    route('GET /health', 70, { path: at('/health', '/health/', '/HEALTH') }),
    route('GET /healthz/live', 50, { path: at('/healthz/live', '/healthz/live/') }),
    route('GET /healthz/ready', 50, { path: at('/healthz/ready', '/HEALTHZ/READY') }),
    route('GET /metrics', 40, { path: at('/metrics', '/metrics/') }),
    // the API docs (libs/core ApiDocs): the UI, its init script, the document, swagger-ui's files
    route('GET /docs', 20, { path: at('/docs', '/DOCS') }),
    route('GET /docs/', 10, { path: at('/docs/') }),
    route('GET /docs/index.html', 10, { path: at('/docs/index.html') }),
    route('GET /docs/LICENSE', 10, { path: at('/docs/LICENSE') }),
    route('GET /docs/swagger-ui-init.js', 10, { path: at('/docs/swagger-ui-init.js') }),
    route('GET /docs/docs/swagger-ui-init.js', 10, { path: at('/docs/docs/swagger-ui-init.js') }),
    route('GET /docs-json', 20, { path: at('/docs-json', '/docs-json/') }),
    route(staticKey('/docs'), 40, {
      path: fc.oneof(
        fc.array(oddSegment, { maxLength: 3 }).map((segments) => `/docs/${segments.join('/')}`),
        fc.constantFrom(
          '/docs/swagger-ui.css',
          '/docs/swagger-ui-bundle.js',
          '/docs/%2e%2e/%2e%2e/package.json',
          '/docs/..%2f..%2fpackage.json',
          '/docs/%',
        ),
      ),
      headers: { conditional: 'often' },
    }),
    // the scenario switch (docs/SCENARIOS.md), never switching one on
    route('GET /admin/scenarios', 10, {
      path: at('/admin/scenarios', '/admin/scenarios/', '/ADMIN/SCENARIOS'),
    }),
    route('GET /admin/scenarios/:name', 10, { path: under('/admin/scenarios', scenarioNames) }),
    withoutEnabling(
      route('PUT /admin/scenarios/:name', 40, {
        path: under('/admin/scenarios', scenarioNames),
        payload: SWITCH,
        headers: { authorization: 'often' },
      }),
    ),
    {
      key: EVERY_PATH,
      runs: 170,
      requests: requests({ method: anyMethod, path: unknownPath }, limit),
    },
  ];

  const cacheRoutes: RouteFuzz[] = [
    route('POST /cache/session', 600, {
      path: at('/cache/session', '/cache/session/', '/CACHE/SESSION'),
      payload: SESSION,
      headers: { authorization: 'often' },
    }),
    route('GET /cache/session/:id', 300, {
      path: under('/cache/session', fc.constantFrom('fuzz-session-1', 'unknown')),
      headers: { authorization: 'often' },
    }),
    route('GET /admin/token', 100, { path: at('/admin/token', '/admin/token/') }),
    route('GET /admin', 100, {
      path: at('/admin', '/admin/', '/Admin'),
      headers: { conditional: 'often' },
    }),
    route(staticKey('/admin'), 250, {
      path: fc.oneof(
        fc.array(oddSegment, { maxLength: 4 }).map((segments) => `/admin/${segments.join('/')}`),
        fc.constantFrom(
          '/admin//admin.css',
          '/admin/%2e%2e/%2e%2e/package.json',
          '/admin/..%2f..%2fpackage.json',
          '/admin/.%2e/main.js',
          '/admin/index.html/',
          '/admin/public/index.html',
          '/admin/admin.css%00',
          '/admin/admin.css/..',
          '/admin/%2fetc%2fpasswd',
          '/admin/..\\..\\package.json',
          '/admin/%E0%A4%A',
          '/admin/%',
        ),
      ),
      headers: { conditional: 'often' },
    }),
    ...['admin.css', 'admin.js', 'index.html'].map((file) =>
      route(`GET /admin/${file}`, 100, {
        path: at(`/admin/${file}`, `/ADMIN/${file}`, `/admin//${file}`),
        headers: { conditional: 'often' },
      }),
    ),
  ];
  const toggle = route('POST /admin/token', 1, { path: at('/admin/token', '/admin/token/') });

  const demo: Record<ServiceName, RouteFuzz[]> = {
    gateway: [
      route('GET /', 80, { path: at('/') }),
      route('GET /products', 400, {
        path: at('/products', '/products/'),
        query: query({ category: categories, currency: currencies }),
      }),
      route('GET /product/:id', 400, {
        path: under('/product', productIds),
        query: query({ currency: currencies }),
      }),
      route('POST /checkout', 800, { path: at('/checkout'), payload: ORDER }),
      route('GET /order/:id', 250, { path: under('/order', fc.uuid()) }),
      // the console (apps/gateway/src/console): its page, its files and its API
      route('GET /console', 40, {
        path: at('/console', '/console/', '/CONSOLE'),
        headers: { conditional: 'often' },
      }),
      route(staticKey('/console'), 80, {
        path: fc.oneof(
          fc
            .array(oddSegment, { maxLength: 4 })
            .map((segments) => `/console/${segments.join('/')}`),
          fc.constantFrom(
            '/console//console.js',
            '/console/%2e%2e/%2e%2e/package.json',
            '/console/..%2f..%2fpackage.json',
            '/console/public/index.html',
            '/console/api',
            '/console/%',
          ),
        ),
        headers: { conditional: 'often' },
      }),
      ...['console.css', 'console.js', 'index.html'].map((file) =>
        route(`GET /console/${file}`, 30, {
          path: at(`/console/${file}`, `/CONSOLE/${file}`),
          headers: { conditional: 'often' },
        }),
      ),
      // every request reads all nine services: few of them
      route('GET /console/api/services', 20, {
        path: at('/console/api/services', '/console/api/services/'),
        headers: { authorization: 'often' },
      }),
      route('PUT /console/api/services/:service/scenarios/:name', 300, {
        path: fc
          .tuple(param(consoleServices), param(unknownScenarios))
          .map(([service, name]) => `/console/api/services/${service}/scenarios/${name}`),
        payload: SCENARIO_SWITCH,
        headers: { authorization: 'often' },
      }),
    ],
    'product-catalog': [
      route('GET /products', 250, {
        path: at('/products'),
        query: query({ category: categories }),
      }),
      route('GET /product/:id', 300, { path: under('/product', productIds) }),
    ],
    'currency-service': [
      route('GET /', 80, { path: at('/') }),
      route('GET /convert', 500, {
        path: at('/convert'),
        query: query({ from: currencies, to: currencies, amount: amounts }),
      }),
      route('GET /rates', 250, { path: at('/rates'), query: query({ base: currencies }) }),
    ],
    'ad-service': [
      route('GET /ads', 400, {
        path: at('/ads'),
        query: query({ product_ids: productIdLists, category: categories }),
      }),
      route('GET /ad/:id', 250, { path: under('/ad', fc.constantFrom('ad1', 'ad6', 'AD1')) }),
    ],
    'checkout-service': [
      route('GET /', 80, { path: at('/') }),
      route('POST /process', 800, { path: at('/process'), payload: ORDER }),
      route('GET /order/:id', 250, { path: under('/order', fc.uuid()) }),
    ],
    // the demo's cache keeps token auth on: instabook answers 500 by design while it is off
    'instabook-cache': cacheRoutes.map((entry) => ({
      ...entry,
      requests: entry.requests.filter((request) => !mayToggleTokenAuth(request)),
    })),
    instabook: [
      route('POST /booking/session', 800, { path: at('/booking/session'), payload: SESSION }),
      route('GET /booking/session/:id', 400, {
        path: under('/booking/session', fc.constantFrom('fuzz-session-1', 'unknown')),
      }),
    ],
    'load-generator': [],
    'load-generator-instabook': [],
  };
  for (const service of Object.keys(demo) as ServiceName[]) {
    demo[service].push(
      ...common().map((entry) =>
        service === 'instabook-cache'
          ? { ...entry, requests: entry.requests.filter((request) => !mayToggleTokenAuth(request)) }
          : entry,
      ),
    );
  }

  // a cache of its own, where toggles interleave with every other cache request
  const standaloneCache: RouteFuzz = {
    key: toggle.key,
    runs: 1000,
    requests: fc.oneof(
      { weight: 1, arbitrary: toggle.requests },
      { weight: 4, arbitrary: fc.oneof(...cacheRoutes.map((entry) => entry.requests)) },
    ),
  };
  return { demo, standaloneCache };
}
