import type { INestApplication } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Express } from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { CURRENCY_RATES, currencyNotSupported, roundTo } from '@app/contracts';
import {
  RunningServer,
  createE2eApp,
  metricSamples,
  metricValue,
  refusedUrl,
  startHttpServer,
  uncounted,
  withConfig,
} from '@app/testing';
import { AppModule } from '../src/app.module';
import { checkoutConfig } from '../src/config/checkout.config';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const CATALOG: Record<string, { name: string; price: number }> = {
  '1': { name: 'Smartphone Model X', price: 699.99 },
  '3': { name: 'Wireless Headphones', price: 249.99 },
  '5': { name: 'Bluetooth Speaker', price: 79.99 },
};
/** Product 13 is behind a broken database, product 14 comes back mangled. */
const BROKEN_PRODUCT = 13;
const MANGLED_PRODUCT = 14;

function catalogRoutes(app: Express): void {
  app.get('/product/:id', (req, res) => {
    const id = String(req.params.id);
    if (id === String(BROKEN_PRODUCT)) {
      res.status(503).json({ error: 'Database unavailable' });
      return;
    }
    if (id === String(MANGLED_PRODUCT)) {
      res.json({ id: MANGLED_PRODUCT, name: 'Mangled', price: 'free' });
      return;
    }
    const product = CATALOG[id];
    if (!product) {
      res.status(404).json({ error: 'Product not found' });
      return;
    }
    res.json({ id: Number(id), ...product, currency: 'USD', description: '', categories: [] });
  });
}

/** Behaves like currency-service, until a test breaks it. */
function currencyRoutes(state: { brokenStatus?: number }) {
  return (app: Express): void => {
    app.get('/convert', (req, res) => {
      if (state.brokenStatus) {
        res.status(state.brokenStatus).json({ error: 'Internal calculation error' });
        return;
      }
      const to = typeof req.query.to === 'string' ? req.query.to : '';
      const rate = CURRENCY_RATES[to];
      if (rate === undefined) {
        res.status(400).json({ error: currencyNotSupported(to) });
        return;
      }
      const amount = Number(req.query.amount);
      res.json({ from: 'USD', to, rate, amount, converted: roundTo(amount * rate, 2) });
    });
  };
}

const ADDRESS = { street: '789 King St', city: 'London', country: 'UK', zip: 'SW1A 1AA' };

function checkout(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    user_id: 'user-3',
    user_currency: 'USD',
    address: ADDRESS,
    email: 'user3@example.com',
    items: [{ product_id: 1, quantity: 1 }],
    ...overrides,
  };
}

async function appWith(
  values: Partial<ConfigType<typeof checkoutConfig>>,
): Promise<INestApplication> {
  return createE2eApp(AppModule, { config: [withConfig(checkoutConfig, values)] });
}

describe('checkout-service (e2e)', () => {
  let catalog: RunningServer;
  let currency: RunningServer;
  const currencyState: { brokenStatus?: number } = {};
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    catalog = await startHttpServer(catalogRoutes);
    currency = await startHttpServer(currencyRoutes(currencyState));
    app = await appWith({
      productCatalogUrl: catalog.url,
      currencyUrl: currency.url,
    });
  });

  afterEach(() => {
    currencyState.brokenStatus = undefined;
    catalog.requests.length = 0;
    currency.requests.length = 0;
  });

  afterAll(async () => {
    await app.close();
    await catalog.close();
    await currency.close();
  });

  it('answers GET / with its name and status', async () => {
    const res = await http().get('/').expect(200);
    expect(res.body).toEqual({ service: 'Checkout Service', status: 'UP' });
  });

  describe('POST /process', () => {
    it('processes a USD order without calling the currency service', async () => {
      const res = await http()
        .post('/process')
        .send(checkout({ items: [{ product_id: 1, quantity: 2 }] }))
        .expect(200);
      expect(res.body).toEqual({
        order_id: expect.stringMatching(UUID_V4),
        total: 1399.98,
        currency: 'USD',
        status: 'PROCESSED',
      });
      expect(catalog.requests.map((r) => r.url)).toEqual(['/product/1']);
      expect(currency.requests).toEqual([]);
    });

    it('stores the order for GET /order/:id', async () => {
      const body = checkout({
        items: [
          { product_id: 1, quantity: 1 },
          { product_id: 5, quantity: 3 },
        ],
      });
      const { order_id } = (await http().post('/process').send(body).expect(200)).body;
      const res = await http().get(`/order/${order_id}`).expect(200);
      expect(res.body).toEqual({
        order_id,
        user_id: 'user-3',
        user_currency: 'USD',
        address: ADDRESS,
        email: 'user3@example.com',
        products: [
          {
            id: 1,
            name: 'Smartphone Model X',
            price: 699.99,
            currency: 'USD',
            quantity: 1,
            item_total: 699.99,
          },
          {
            id: 5,
            name: 'Bluetooth Speaker',
            price: 79.99,
            currency: 'USD',
            quantity: 3,
            item_total: 239.97,
          },
        ],
        total: 939.96,
        status: 'PROCESSED',
        timestamp: expect.any(String),
      });
      expect(new Date(res.body.timestamp).toISOString()).toBe(res.body.timestamp);
    });

    it('accepts a one-line address', async () => {
      const body = checkout({ address: '123 Main St, New York NY 10001 USA' });
      const { order_id } = (await http().post('/process').send(body).expect(200)).body;
      const res = await http().get(`/order/${order_id}`).expect(200);
      expect(res.body.address).toBe('123 Main St, New York NY 10001 USA');
    });

    it('converts each price from USD and rounds line and order totals to cents', async () => {
      const body = checkout({
        user_currency: 'EUR',
        items: [
          { product_id: 1, quantity: 2 },
          { product_id: 3, quantity: 1 },
        ],
      });
      const res = await http().post('/process').send(body).expect(200);
      // 699.99 × 0.85 = 594.9915 → 594.99 (× 2 = 1189.98); 249.99 × 0.85 = 212.4915 → 212.49
      expect(res.body).toMatchObject({ total: 1402.47, currency: 'EUR', status: 'PROCESSED' });
      expect(currency.requests.map((r) => r.url).sort()).toEqual([
        '/convert?from=USD&to=EUR&amount=249.99',
        '/convert?from=USD&to=EUR&amount=699.99',
      ]);
      const order = (await http().get(`/order/${res.body.order_id}`).expect(200)).body;
      expect(order.products).toEqual([
        {
          id: 1,
          name: 'Smartphone Model X',
          price: 594.99,
          currency: 'EUR',
          quantity: 2,
          item_total: 1189.98,
        },
        {
          id: 3,
          name: 'Wireless Headphones',
          price: 212.49,
          currency: 'EUR',
          quantity: 1,
          item_total: 212.49,
        },
      ]);
    });

    it('converts into currencies with large rates', async () => {
      const body = checkout({ user_currency: 'JPY', items: [{ product_id: 5, quantity: 3 }] });
      const res = await http().post('/process').send(body).expect(200);
      // 79.99 × 110 = 8798.9, × 3 = 26396.7
      expect(res.body).toMatchObject({ total: 26396.7, currency: 'JPY' });
    });

    it('looks up a product listed twice only once', async () => {
      const body = checkout({
        user_currency: 'GBP',
        items: [
          { product_id: 3, quantity: 1 },
          { product_id: 3, quantity: 2 },
        ],
      });
      const res = await http().post('/process').send(body).expect(200);
      // 249.99 × 0.75 = 187.4925 → 187.49; 187.49 + 374.98
      expect(res.body.total).toBe(562.47);
      expect(catalog.requests).toHaveLength(1);
      expect(currency.requests).toHaveLength(1);
    });

    it('keeps the USD price, marked USD, when the currency service fails', async () => {
      currencyState.brokenStatus = 500;
      const body = checkout({ user_currency: 'EUR', items: [{ product_id: 1, quantity: 2 }] });
      const res = await http().post('/process').send(body).expect(200);
      expect(res.body).toMatchObject({ total: 1399.98, currency: 'EUR', status: 'PROCESSED' });
      const order = (await http().get(`/order/${res.body.order_id}`).expect(200)).body;
      expect(order.user_currency).toBe('EUR');
      expect(order.products).toEqual([
        expect.objectContaining({ price: 699.99, currency: 'USD', item_total: 1399.98 }),
      ]);
    });

    it('accepts a lower-case currency code and stores it upper-cased', async () => {
      const body = checkout({ user_currency: 'gbp', items: [{ product_id: 5, quantity: 1 }] });
      const res = await http().post('/process').send(body).expect(200);
      expect(res.body.currency).toBe('GBP');
      const order = (await http().get(`/order/${res.body.order_id}`).expect(200)).body;
      expect(order.user_currency).toBe('GBP');
    });

    it('keeps the USD price when the currency service answers 4xx', async () => {
      currencyState.brokenStatus = 400;
      const body = checkout({ user_currency: 'CAD', items: [{ product_id: 5, quantity: 1 }] });
      const res = await http().post('/process').send(body).expect(200);
      expect(res.body.total).toBe(79.99);
    });

    it('answers 400 when the catalog does not know a product', async () => {
      const body = checkout({ items: [{ product_id: 42, quantity: 1 }] });
      const res = await http().post('/process').send(body).expect(400);
      expect(res.body).toEqual({ error: 'Product 42 not found' });
    });

    it('answers 500 with the catalog error when the catalog fails', async () => {
      const body = checkout({ items: [{ product_id: BROKEN_PRODUCT, quantity: 1 }] });
      const res = await http().post('/process').send(body).expect(500);
      expect(res.body).toEqual({
        error:
          'Failed to retrieve product information: product-catalog answered 503: Database unavailable',
      });
    });

    it('answers 500 when the catalog answers something that is not a product', async () => {
      const body = checkout({ items: [{ product_id: MANGLED_PRODUCT, quantity: 1 }] });
      const res = await http().post('/process').send(body).expect(500);
      expect(res.body).toEqual({
        error:
          'Failed to retrieve product information: product-catalog answered an invalid product',
      });
    });

    it('lets the first failing item decide the answer, whatever answers first', async () => {
      const unknownFirst = [
        { product_id: 42, quantity: 1 },
        { product_id: BROKEN_PRODUCT, quantity: 1 },
      ];
      await http()
        .post('/process')
        .send(checkout({ items: unknownFirst }))
        .expect(400);
      await http()
        .post('/process')
        .send(checkout({ items: [...unknownFirst].reverse() }))
        .expect(500);
    });

    it('does not store a failed order', async () => {
      const body = checkout({ items: [{ product_id: 42, quantity: 1 }] });
      await http().post('/process').send(body).expect(400);
      const answer = await http().post('/process').send(checkout()).expect(200);
      expect(answer.body.order_id).toMatch(UUID_V4);
    });

    it('passes the trace on to the catalog', async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      await http()
        .post('/process')
        .set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`)
        .send(checkout())
        .expect(200);
      expect(catalog.requests[0].headers.traceparent).toMatch(
        new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`),
      );
    });
  });

  describe('POST /process validation', () => {
    const without = (field: string) => {
      const body = checkout();
      delete body[field];
      return body;
    };

    it.each([
      ['no body', undefined],
      ['an empty object', {}],
    ])('answers 400 No checkout data provided for %s', async (_case, body) => {
      const res = await http().post('/process').send(body).expect(400);
      expect(res.body).toEqual({ error: 'No checkout data provided' });
    });

    it('answers 400 No checkout data provided for a non-JSON body', async () => {
      const res = await http()
        .post('/process')
        .set('Content-Type', 'text/plain')
        .send('user_id=1')
        .expect(400);
      expect(res.body).toEqual({ error: 'No checkout data provided' });
    });

    it.each(['user_id', 'user_currency', 'address', 'email', 'items'])(
      'answers 400 Missing required field: %s',
      async (field) => {
        const res = await http().post('/process').send(without(field)).expect(400);
        expect(res.body).toEqual({ error: `Missing required field: ${field}` });
      },
    );

    it('treats null as missing', async () => {
      const res = await http()
        .post('/process')
        .send(checkout({ email: null }))
        .expect(400);
      expect(res.body).toEqual({ error: 'Missing required field: email' });
    });

    it('reports missing fields in the order user_id, user_currency, address, email, items', async () => {
      const res = await http().post('/process').send({ items: [], email: 'x' }).expect(400);
      expect(res.body).toEqual({ error: 'Missing required field: user_id' });
      const next = await http().post('/process').send({ user_id: 'u', items: 5 }).expect(400);
      expect(next.body).toEqual({ error: 'Missing required field: user_currency' });
    });

    it.each<[string, unknown]>([
      ['user_id', 42],
      ['user_id', ''],
      ['user_id', ['user-1']],
      ['user_id', 'u'.repeat(129)],
      ['user_currency', 7],
      ['user_currency', ['EUR']],
      ['address', ''],
      ['address', '   '],
      ['address', 12],
      ['address', {}],
      ['address', ['123 Main St']],
      ['address', { street: { nested: true } }],
      ['email', 'not-an-email'],
      ['email', 42],
      ['email', `${'a'.repeat(250)}@example.com`],
      ['items', 'all of them'],
      ['items', { product_id: 1, quantity: 1 }],
      ['items', []],
    ])('answers 400 Invalid field: %s for %j', async (field, value) => {
      const res = await http()
        .post('/process')
        .send(checkout({ [field]: value }))
        .expect(400);
      expect(res.body).toEqual({ error: `Invalid field: ${field}` });
    });

    it.each(['XYZ', 'ſSD', '', 'USD '])('answers 400 Currency %j not supported', async (code) => {
      const res = await http()
        .post('/process')
        .send(checkout({ user_currency: code }))
        .expect(400);
      expect(res.body).toEqual({ error: `Currency ${code} not supported` });
      expect(catalog.requests).toEqual([]);
    });

    it.each<[string, unknown]>([
      ['a number', 1],
      ['a string', 'product 1'],
      ['null', null],
      ['an array', [1, 1]],
      ['an empty array', []],
      ['without product_id', { quantity: 1 }],
      ['without quantity', { product_id: 1 }],
      ['with null quantity', { product_id: 1, quantity: null }],
    ])('answers 400 Invalid item format for an item that is %s', async (_case, item) => {
      const res = await http()
        .post('/process')
        .send(checkout({ items: [{ product_id: 1, quantity: 1 }, item] }))
        .expect(400);
      expect(res.body).toEqual({ error: 'Invalid item format' });
    });

    it.each<[string, unknown]>([
      ['0', 0],
      ['-1', -1],
      ['1.5', 1.5],
      ['"1"', '1'],
      ['2147483648', 2147483648],
    ])('answers 400 for the product_id %s', async (_case, productId) => {
      const res = await http()
        .post('/process')
        .send(checkout({ items: [{ product_id: productId, quantity: 1 }] }))
        .expect(400);
      expect(res.body).toEqual({
        error: 'Invalid item format: product_id must be an integer from 1 to 2147483647',
      });
    });

    it.each<[string, unknown]>([
      ['0', 0],
      ['-2', -2],
      ['0.5', 0.5],
      ['"2"', '2'],
      ['1001', 1001],
      ['1e308', 1e308],
    ])('answers 400 for the quantity %s', async (_case, quantity) => {
      const res = await http()
        .post('/process')
        .send(checkout({ items: [{ product_id: 1, quantity }] }))
        .expect(400);
      expect(res.body).toEqual({
        error: 'Invalid item format: quantity must be an integer from 1 to 1000',
      });
    });

    it('accepts the largest quantity', async () => {
      const body = checkout({ items: [{ product_id: 5, quantity: 1000 }] });
      expect((await http().post('/process').send(body).expect(200)).body.total).toBe(79990);
    });

    it('answers 400 for more than 100 items', async () => {
      const items = Array.from({ length: 101 }, () => ({ product_id: 1, quantity: 1 }));
      const res = await http().post('/process').send(checkout({ items })).expect(400);
      expect(res.body).toEqual({ error: 'Too many items: at most 100 per order' });
    });

    it('answers 400 for a JSON array body', async () => {
      const res = await http().post('/process').send([checkout()]).expect(400);
      expect(res.body).toEqual({ error: 'Request body must be a JSON object' });
    });

    it('answers 400 for malformed JSON', async () => {
      const res = await http()
        .post('/process')
        .set('Content-Type', 'application/json')
        .send('{"user_id": "u1",')
        .expect(400);
      expect(res.body).toEqual({ error: 'Malformed JSON body' });
    });

    it('answers 400 for 3,000 nested objects, every time', async () => {
      const nested = '{"a":'.repeat(3_000) + '1' + '}'.repeat(3_000);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const res = await http()
          .post('/process')
          .set('Content-Type', 'application/json')
          .send(nested)
          .expect(400);
        expect(res.body).toEqual({ error: 'JSON body nested deeper than 32 levels' });
      }
    });

    it('answers 413 for a body over 100 kB', async () => {
      const res = await http()
        .post('/process')
        .send(checkout({ address: 'x'.repeat(110_000) }))
        .expect(413);
      expect(res.body).toEqual({ error: 'Request body too large' });
    });

    it('ignores unknown fields', async () => {
      const body = checkout({ coupon: 'FREE', items: [{ product_id: 1, quantity: 1, gift: 1 }] });
      const { order_id } = (await http().post('/process').send(body).expect(200)).body;
      const order = (await http().get(`/order/${order_id}`).expect(200)).body;
      expect(order).not.toHaveProperty('coupon');
      expect(order.products[0]).not.toHaveProperty('gift');
    });

    it('never answers 5xx, whatever the body', async () => {
      const junk = fc.oneof(fc.jsonValue(), fc.string(), fc.integer(), fc.constant(null));
      const body = fc.record(
        {
          user_id: junk,
          user_currency: fc.oneof(fc.constantFrom('USD', 'EUR', 'XXX'), junk),
          address: junk,
          email: fc.oneof(fc.constant('a@b.co'), junk),
          items: fc.oneof(
            fc.array(
              fc.record(
                {
                  product_id: fc
                    .oneof(fc.integer({ min: -2, max: 6 }), junk)
                    // a catalog failure is a legitimate 500, not the junk this test is about
                    .filter((id) => id !== BROKEN_PRODUCT && id !== MANGLED_PRODUCT),
                  quantity: fc.oneof(fc.integer({ min: -1, max: 1001 }), junk),
                },
                { requiredKeys: [] },
              ),
              { maxLength: 4 },
            ),
            junk,
          ),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(fc.oneof(body, fc.jsonValue()), async (value) => {
          const res = await http()
            .post('/process')
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(value));
          expect(res.status).toBeLessThan(500);
          expect(typeof (res.body.error ?? res.body.order_id)).toBe('string');
        }),
        { numRuns: 100 },
      );
    });
  });

  describe('GET /order/:id', () => {
    it.each(['3f2b8c1e-0000-4000-8000-000000000000', 'nope', '..%2F..%2Fx', '%20'])(
      'answers 404 Order not found for %s',
      async (id) => {
        const res = await http().get(`/order/${id}`).expect(404);
        expect(res.body).toEqual({ error: 'Order not found' });
      },
    );
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await http().get('/process').expect(404);
    expect(res.body).toEqual({ error: 'Cannot GET /process' });
  });

  it('counts orders and their value by currency, every currency from the start', async () => {
    const metrics = async () => (await http().get('/metrics').expect(200)).text;
    const before = await metrics();
    for (const currency of Object.keys(CURRENCY_RATES)) {
      expect(metricSamples(before, 'checkout_orders_total', { currency })).toHaveLength(1);
      expect(metricSamples(before, 'checkout_order_value_total', { currency })).toHaveLength(1);
    }
    const orders = metricValue(before, 'checkout_orders_total', { currency: 'USD' });
    const value = metricValue(before, 'checkout_order_value_total', { currency: 'USD' });
    const { total } = (await http().post('/process').send(checkout()).expect(200)).body as {
      total: number;
    };
    await http().post('/process').send({}).expect(400);
    const after = await metrics();
    expect(metricValue(after, 'checkout_orders_total', { currency: 'USD' })).toBe(orders + 1);
    expect(metricValue(after, 'checkout_order_value_total', { currency: 'USD' })).toBeCloseTo(
      value + total,
      6,
    );
  });

  it('exposes the documented metrics labelled by route template', async () => {
    const { order_id } = (await http().post('/process').send(checkout()).expect(200)).body;
    await http().get(`/order/${order_id}`).expect(200);
    await http().post('/process').send({}).expect(400);
    const res = await http().get('/metrics').expect(200);
    expect(
      uncounted(res.text, [
        ['checkout_request_count', { method: 'POST', endpoint: '/process', http_status: '200' }],
        ['checkout_request_count', { method: 'POST', endpoint: '/process', http_status: '400' }],
        ['checkout_request_count', { method: 'GET', endpoint: '/order/:id', http_status: '200' }],
        ['http_requests_total', { method: 'POST', route: '/process', status_code: '200' }],
      ]),
    ).toEqual([]);
    expect(
      metricSamples(res.text, 'checkout_request_latency_seconds_bucket', {
        le: '0.005',
        method: 'POST',
        endpoint: '/process',
      }),
    ).toHaveLength(1);
    expect(res.text).not.toContain(order_id);
  });
});

describe('checkout-service with a small order store (e2e)', () => {
  let catalog: RunningServer;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    catalog = await startHttpServer(catalogRoutes);
    app = await appWith({
      productCatalogUrl: catalog.url,
      currencyUrl: await refusedUrl(),
      orderStoreMax: 2,
    });
  });

  afterAll(async () => {
    await app.close();
    await catalog.close();
  });

  it('forgets the oldest order first once the store is full', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await http().post('/process').send(checkout()).expect(200)).body.order_id);
    }
    await http().get(`/order/${ids[0]}`).expect(404);
    await http().get(`/order/${ids[1]}`).expect(200);
    await http().get(`/order/${ids[2]}`).expect(200);
  });

  it('keeps the USD price when the currency service is unreachable', async () => {
    const body = checkout({ user_currency: 'AUD', items: [{ product_id: 3, quantity: 2 }] });
    const res = await http().post('/process').send(body).expect(200);
    expect(res.body).toMatchObject({ total: 499.98, currency: 'AUD' });
    const order = (await http().get(`/order/${res.body.order_id}`).expect(200)).body;
    expect(order.products[0]).toMatchObject({ price: 249.99, currency: 'USD' });
  });
});

describe('checkout-service with the catalog down (e2e)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await appWith({
      productCatalogUrl: await refusedUrl(),
      currencyUrl: await refusedUrl(),
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 500 Failed to retrieve product information naming the catalog', async () => {
    const res = await request(app.getHttpServer()).post('/process').send(checkout()).expect(500);
    expect(res.body.error).toMatch(
      /^Failed to retrieve product information: product-catalog unavailable \(connection\): ECONNREFUSED/,
    );
  });
});
