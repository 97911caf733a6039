import type { INestApplication } from '@nestjs/common';
import type { Request } from 'express';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  E2eAppOptions,
  RunningServer,
  createE2eApp,
  metricSamples,
  sampleValue,
  sleep,
  startHttpServer,
  waitFor,
  withConfig,
} from '@app/testing';
import { AppModule } from '../src/app.module';
import { loadGeneratorConfig } from '../src/config/load-generator.config';

jest.setTimeout(15_000);

const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CAD'];
const CATEGORIES = ['Electronics', 'Computers', 'Audio', 'Wearables'];
const ADDRESSES = [
  { street: '123 Main St', city: 'New York', state: 'NY', country: 'USA', zip: '10001' },
  { street: '456 Market St', city: 'San Francisco', state: 'CA', country: 'USA', zip: '94103' },
  { street: '789 King St', city: 'London', country: 'UK', zip: 'SW1A 1AA' },
  { street: '321 Queen St', city: 'Toronto', state: 'ON', country: 'Canada', zip: 'M5V 2A9' },
  { street: '654 Tokyo Ave', city: 'Tokyo', country: 'Japan', zip: '100-0001' },
];

/** Ids unlike the real catalog's, so the generator can only have learned them from the listing. */
const PRODUCTS = [
  { id: 41, categories: ['Electronics', 'Phones'] },
  { id: 42, categories: ['Electronics', 'Computers'] },
  { id: 43, categories: ['Electronics', 'Audio'] },
  { id: 44, categories: ['Electronics', 'Wearables'] },
  { id: 45, categories: ['Electronics', 'Audio'] },
];
const PRODUCT_PATHS = PRODUCTS.map((product) => `/product/${product.id}`);

type Recorded = RunningServer['requests'][number];

interface GatewayBehaviour {
  healthStatus: number;
  productsStatus: number;
}

/** A gateway with the documented routes; tests flip its health and listing answers. */
async function startGateway(behaviour: GatewayBehaviour): Promise<RunningServer> {
  return startHttpServer((app) => {
    app.get('/health', (_req, res) => {
      res
        .status(behaviour.healthStatus)
        .json({ status: behaviour.healthStatus === 200 ? 'UP' : 'DOWN' });
    });
    app.get('/products', (req: Request, res) => {
      if (behaviour.productsStatus !== 200) {
        res.status(behaviour.productsStatus).json({ error: 'Failed to fetch products' });
        return;
      }
      const category = req.query.category;
      const products = PRODUCTS.filter(
        (product) => typeof category !== 'string' || product.categories.includes(category),
      );
      res.json({ products, ads: [] });
    });
    app.get('/product/:id', (req: Request<{ id: string }>, res) => {
      const product = PRODUCTS.find((candidate) => String(candidate.id) === req.params.id);
      if (product) res.json({ product, related_ads: [] });
      else res.status(404).json({ error: 'Product not found' });
    });
    app.post('/checkout', (req: Request, res) => {
      const body = req.body as { user_currency: string };
      res.json({
        order_id: randomUUID(),
        total: 10,
        currency: body.user_currency,
        status: 'PROCESSED',
      });
    });
  });
}

/** The generator pointed at `gatewayUrl`, with pauses shrunk so flows take milliseconds. */
function pointedAt(
  gatewayUrl: string,
  delayBetweenUsersSeconds = 1,
  delayScale = 0.001,
): E2eAppOptions {
  return {
    service: { loadDelayScale: delayScale, shutdownDrainMs: 0 },
    config: [withConfig(loadGeneratorConfig, { gatewayUrl, delayBetweenUsersSeconds })],
  };
}

/** The generators run flows in milliseconds: a few seconds is plenty, and fails before jest's own timeout. */
const waitSoon = (what: string, probe: () => boolean | Promise<boolean>) =>
  waitFor(what, probe, 5_000, 20);

const isTraffic = (recorded: Recorded) => recorded.url !== '/health';
const traceOf = (recorded: Recorded) => String(recorded.headers.traceparent).split('-')[1];
const pathOf = (recorded: Recorded) => new URL(recorded.url, 'http://stub').pathname;
const queryOf = (recorded: Recorded) =>
  Object.fromEntries(new URL(recorded.url, 'http://stub').searchParams);

/** The gateway traffic cut into visits: one visit per trace, in order. */
function visitsOf(requests: Recorded[]): Recorded[][] {
  const visits: Recorded[][] = [];
  for (const recorded of requests.filter(isTraffic)) {
    const current = visits.at(-1);
    if (current && traceOf(current[0]) === traceOf(recorded)) current.push(recorded);
    else visits.push([recorded]);
  }
  return visits;
}

type VisitKind = 'browse' | 'browse+checkout' | 'category' | 'category+view' | 'direct-checkout';

function expectValidCheckout(recorded: Recorded, maxItems: number, maxQuantity: number): void {
  const body = recorded.body as {
    user_id: string;
    email: string;
    user_currency: string;
    address: unknown;
    items: { product_id: number; quantity: number }[];
  };
  expect(Object.keys(body).sort()).toEqual([
    'address',
    'email',
    'items',
    'user_currency',
    'user_id',
  ]);
  const user = /^user-([1-9]|10)$/.exec(body.user_id);
  expect(user).not.toBeNull();
  expect(body.email).toBe(`user${user?.[1]}@example.com`);
  expect(CURRENCIES).toContain(body.user_currency);
  expect(ADDRESSES).toContainEqual(body.address);
  expect(body.items.length).toBeGreaterThanOrEqual(1);
  expect(body.items.length).toBeLessThanOrEqual(maxItems);
  const ids = body.items.map((item) => item.product_id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const item of body.items) {
    expect(Object.keys(item).sort()).toEqual(['product_id', 'quantity']);
    expect(PRODUCTS.map((product) => product.id)).toContain(item.product_id);
    expect(Number.isInteger(item.quantity)).toBe(true);
    expect(item.quantity).toBeGreaterThanOrEqual(1);
    expect(item.quantity).toBeLessThanOrEqual(maxQuantity);
  }
}

/** Checks one complete visit against docs/API.md and names its kind. */
function classify(visit: Recorded[]): VisitKind {
  const [list, ...rest] = visit;
  expect(list.method).toBe('GET');
  expect(pathOf(list)).toBe('/products');
  const { category } = queryOf(list);
  if (category !== undefined) {
    expect(queryOf(list)).toEqual({ category });
    expect(CATEGORIES).toContain(category);
    expect(rest.length).toBeLessThanOrEqual(1);
    if (rest.length === 0) return 'category';
    const inCategory = PRODUCTS.filter((product) => product.categories.includes(category));
    expect(rest[0].method).toBe('GET');
    expect(rest[0].url).toMatch(/^\/product\/\d+$/);
    expect(inCategory.map((product) => `/product/${product.id}`)).toContain(rest[0].url);
    return 'category+view';
  }
  expect(queryOf(list)).toEqual({});
  const views = rest.filter((recorded) => recorded.method === 'GET');
  const checkouts = rest.filter((recorded) => recorded.method === 'POST');
  expect(rest).toEqual([...views, ...checkouts]);
  expect(checkouts.length).toBeLessThanOrEqual(1);
  checkouts.forEach((checkout) => expect(checkout.url).toBe('/checkout'));
  if (views.length === 0) {
    expect(checkouts).toHaveLength(1);
    expectValidCheckout(checkouts[0], 2, 2);
    return 'direct-checkout';
  }
  expect(views.length).toBeLessThanOrEqual(3);
  expect(new Set(views.map(pathOf)).size).toBe(views.length);
  for (const view of views) {
    expect(PRODUCT_PATHS).toContain(pathOf(view));
    expect(Object.keys(queryOf(view))).toEqual(['currency']);
    expect(CURRENCIES).toContain(queryOf(view).currency);
  }
  if (checkouts.length === 0) return 'browse';
  expectValidCheckout(checkouts[0], 3, 3);
  return 'browse+checkout';
}

describe('load-generator (e2e)', () => {
  let app: INestApplication | undefined;
  let gateway: RunningServer | undefined;

  afterEach(async () => {
    await app?.close();
    await gateway?.close();
    app = undefined;
    gateway = undefined;
  });

  const metrics = async () =>
    (await request(app?.getHttpServer()).get('/metrics').expect(200)).text;

  it('never answers junk paths and queries with a 5xx', async () => {
    gateway = await startGateway({ healthStatus: 503, productsStatus: 200 });
    app = await createE2eApp(AppModule, pointedAt(gateway.url));
    const server = request(app.getHttpServer());
    await fc.assert(
      fc.asyncProperty(fc.webPath(), fc.webQueryParameters(), async (path, query) => {
        const res = await server.get(`${path.startsWith('/') ? path : `/${path}`}?${query}`);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });

  it('sends no traffic until the gateway is healthy', async () => {
    const behaviour = { healthStatus: 503, productsStatus: 200 };
    gateway = await startGateway(behaviour);
    app = await createE2eApp(AppModule, pointedAt(gateway.url));
    const requests = gateway.requests;
    await waitSoon('a second health check', () => requests.length >= 2);
    expect(
      requests.every((recorded) => recorded.method === 'GET' && recorded.url === '/health'),
    ).toBe(true);
    behaviour.healthStatus = 200;
    await waitSoon('traffic once healthy', () => requests.some(isTraffic));
  });

  it('runs the three kinds of visits with documented request shapes, one trace each', async () => {
    gateway = await startGateway({ healthStatus: 200, productsStatus: 200 });
    app = await createE2eApp(AppModule, pointedAt(gateway.url));
    const requests = gateway.requests;
    const seen = () => new Set(visitsOf(requests).slice(0, -1).map(classify));
    await waitSoon('every kind of visit', () => seen().size === 5);

    const page = await metrics();
    for (const sample of [
      'load_generator_request_count{method="GET",endpoint="/products",status="200"}',
      'load_generator_request_count{method="GET",endpoint="/product/:id",status="200"}',
      'load_generator_request_count{method="POST",endpoint="/checkout",status="200"}',
      'load_generator_request_latency_seconds_count{method="GET",endpoint="/product/:id"}',
      'load_generator_request_latency_seconds_count{method="POST",endpoint="/checkout"}',
    ]) {
      expect(sampleValue(page, sample)).toBeGreaterThan(0);
    }
    expect(
      metricSamples(page, 'load_generator_request_latency_seconds_bucket', {
        le: '0.005',
        method: 'GET',
        endpoint: '/products',
      }),
    ).toHaveLength(1);
    expect(page).not.toMatch(/endpoint="\/product\/\d/);
    expect(page).not.toContain('category=');

    await app.close();
    app = undefined;
    const sentBeforeClose = requests.length;
    const visits = visitsOf(requests);
    const traces = visits.map((visit) => traceOf(visit[0]));
    expect(traces.every((trace) => /^[0-9a-f]{32}$/.test(trace))).toBe(true);
    expect(new Set(traces).size).toBe(traces.length);
    visits.slice(0, -1).forEach(classify);
    await sleep(100);
    expect(requests).toHaveLength(sentBeforeClose);
  });

  it('ends the visit when the product list fails, and counts the 500', async () => {
    gateway = await startGateway({ healthStatus: 200, productsStatus: 500 });
    app = await createE2eApp(AppModule, pointedAt(gateway.url));
    const requests = gateway.requests;
    await waitSoon('20 failed listings', () => requests.filter(isTraffic).length >= 20);
    expect(requests.filter(isTraffic).every((recorded) => pathOf(recorded) === '/products')).toBe(
      true,
    );
    expect(
      sampleValue(
        await metrics(),
        'load_generator_request_count{method="GET",endpoint="/products",status="500"}',
      ),
    ).toBeGreaterThanOrEqual(20);
  });

  it('counts status "error" when the gateway stops answering, and keeps going', async () => {
    gateway = await startGateway({ healthStatus: 200, productsStatus: 200 });
    app = await createE2eApp(AppModule, pointedAt(gateway.url));
    const requests = gateway.requests;
    await waitSoon('traffic', () => requests.some(isTraffic));
    await gateway.close();
    gateway = undefined;
    const noAnswer =
      'load_generator_request_count{method="GET",endpoint="/products",status="error"}';
    let first = 0;
    await waitSoon('an unanswered request', async () => {
      first = sampleValue(await metrics(), noAnswer);
      return first > 0;
    });
    await waitSoon(
      'the next visit after a failure',
      async () => sampleValue(await metrics(), noAnswer) > first,
    );
  });

  it('stops promptly while pausing between visits', async () => {
    gateway = await startGateway({ healthStatus: 200, productsStatus: 500 });
    app = await createE2eApp(AppModule, pointedAt(gateway.url, 3600, 1));
    const requests = gateway.requests;
    await waitSoon('the first visit', () => requests.some(isTraffic));
    await sleep(100);
    const started = Date.now();
    await app.close();
    app = undefined;
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
