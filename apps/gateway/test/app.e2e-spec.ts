import type { INestApplication } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Express } from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { CURRENCY_RATES, currencyNotSupported } from '@app/contracts';
import {
  E2eAppOptions,
  RunningServer,
  createE2eApp,
  metricType,
  uncounted,
  refusedUrl,
  startHttpServer,
  withConfig,
} from '@app/testing';
import { AppModule } from '../src/app.module';
import { gatewayConfig } from '../src/config/gateway.config';

const PRODUCTS = [
  { id: 1, name: 'Smartphone Model X', price: 699.99, categories: ['Electronics', 'Phones'] },
  { id: 2, name: 'Laptop Pro', price: 1299.99, categories: ['Electronics', 'Computers'] },
  { id: 3, name: 'Wireless Headphones', price: 249.99, categories: ['Electronics', 'Audio'] },
  { id: 4, name: 'Smart Watch Series 5', price: 349.99, categories: ['Electronics', 'Wearables'] },
  { id: 5, name: 'Bluetooth Speaker', price: 79.99, categories: ['Electronics', 'Audio'] },
].map((product) => ({
  ...product,
  description: `About ${product.name}`,
  currency: 'USD',
  image_url: `https://example.com/${product.id}.jpg`,
}));

const ADS = [1, 2, 3, 4, 5].map((id) => ({
  id: `ad${id}`,
  redirect_url: `https://example.com/promo/${id}`,
  text: `Ad for product ${id}`,
  image_url: `https://example.com/assets/ad${id}.jpg`,
  product_id: id,
  category: 'Electronics',
}));

const ORDER_ID = '0b7e7a52-6a4e-4c1e-9d43-2f6c1c0c9a11';
const ORDER = { order_id: ORDER_ID, user_id: 'user-1', total: 699.99, status: 'PROCESSED' };

/** What a test can break in the stubs; reset after every test. */
interface Faults {
  catalog?: number;
  currency?: number;
  ads?: number | 'garbage';
  checkout?: number;
}

function catalogRoutes(faults: Faults) {
  return (app: Express): void => {
    app.use((_req, res, next) => {
      if (faults.catalog) res.status(faults.catalog).json({ error: 'Database unavailable' });
      else next();
    });
    app.get('/products', (req, res) => {
      const { category } = req.query;
      res.json(
        typeof category === 'string'
          ? PRODUCTS.filter((product) => product.categories.includes(category))
          : PRODUCTS,
      );
    });
    app.get('/product/:id', (req, res) => {
      const id = String(req.params.id);
      if (!/^-?\d{1,15}$/.test(id)) {
        res.status(400).json({ error: 'Invalid product ID' });
        return;
      }
      const product = PRODUCTS.find((candidate) => candidate.id === Number(id));
      if (product) res.json(product);
      else res.status(404).json({ error: 'Product not found' });
    });
  };
}

function currencyRoutes(faults: Faults) {
  return (app: Express): void => {
    app.get('/convert', (req, res) => {
      if (faults.currency) {
        res.status(faults.currency).json({ error: 'Internal calculation error' });
        return;
      }
      // like currency-service: codes are case-insensitive
      const to = typeof req.query.to === 'string' ? req.query.to.toUpperCase() : 'USD';
      const rate = CURRENCY_RATES[to];
      if (rate === undefined) res.status(400).json({ error: currencyNotSupported(to) });
      else res.json({ from: 'USD', to, rate });
    });
  };
}

function adRoutes(faults: Faults) {
  return (app: Express): void => {
    app.get('/ads', (req, res) => {
      if (faults.ads === 'garbage') {
        res.json({ ads: 'none today' });
        return;
      }
      if (faults.ads) {
        res.status(faults.ads).json({ error: 'Ad service overloaded' });
        return;
      }
      const { product_ids: productIds } = req.query;
      const ids = typeof productIds === 'string' ? productIds.split(',').map(Number) : [];
      res.json(ADS.filter((ad) => ids.includes(ad.product_id)));
    });
  };
}

function checkoutRoutes(faults: Faults) {
  return (app: Express): void => {
    app.post('/process', (req, res) => {
      if (faults.checkout) {
        res.status(faults.checkout).json({
          error: 'Failed to retrieve product information: product-catalog answered 503',
        });
        return;
      }
      const body = req.body as Record<string, unknown> | undefined;
      if (!body || Object.keys(body).length === 0) {
        res.status(400).json({ error: 'No checkout data provided' });
        return;
      }
      if (body.user_currency === 'XYZ') {
        res.status(400).json({ error: 'Currency XYZ not supported' });
        return;
      }
      res.json({ order_id: ORDER_ID, total: 699.99, currency: 'USD', status: 'PROCESSED' });
    });
    app.get('/order/:id', (req, res) => {
      if (req.params.id === ORDER_ID) res.json(ORDER);
      else res.status(404).json({ error: 'Order not found' });
    });
  };
}

type Downstreams = ConfigType<typeof gatewayConfig>;

async function gatewayWith(
  downstreams: Downstreams,
  service: E2eAppOptions['service'] = {},
): Promise<INestApplication> {
  return createE2eApp(AppModule, { service, config: [withConfig(gatewayConfig, downstreams)] });
}

const CHECKOUT_BODY = {
  user_id: 'user-1',
  user_currency: 'USD',
  address: { street: '123 Main St', city: 'New York', state: 'NY', country: 'USA', zip: '10001' },
  email: 'user1@example.com',
  items: [{ product_id: 1, quantity: 1 }],
};

describe('gateway (e2e)', () => {
  const faults: Faults = {};
  let catalog: RunningServer;
  let currency: RunningServer;
  let ads: RunningServer;
  let checkout: RunningServer;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const stubs = () => [catalog, currency, ads, checkout];

  beforeAll(async () => {
    catalog = await startHttpServer(catalogRoutes(faults));
    currency = await startHttpServer(currencyRoutes(faults));
    ads = await startHttpServer(adRoutes(faults));
    checkout = await startHttpServer(checkoutRoutes(faults));
    app = await gatewayWith({
      productCatalogUrl: catalog.url,
      currencyUrl: currency.url,
      adUrl: ads.url,
      checkoutUrl: checkout.url,
    });
  });

  afterEach(() => {
    for (const key of Object.keys(faults)) delete faults[key as keyof Faults];
    for (const stub of stubs()) stub.requests.length = 0;
  });

  afterAll(async () => {
    await app.close();
    await Promise.all(stubs().map((stub) => stub.close()));
  });

  it('answers GET / with its status', async () => {
    const res = await http().get('/').expect(200);
    expect(res.body).toEqual({ status: 'success', message: 'Gateway Service is running' });
  });

  describe('GET /products', () => {
    it('lists the catalog with ads for the first three products', async () => {
      const res = await http().get('/products').expect(200);
      expect(res.body).toEqual({ products: PRODUCTS, ads: ADS.slice(0, 3) });
      expect(ads.requests.map((r) => r.url)).toEqual(['/ads?product_ids=1,2,3']);
      expect(currency.requests).toEqual([]);
    });

    it('passes the category on to the catalog', async () => {
      const res = await http().get('/products?category=Audio').expect(200);
      expect(res.body.products.map((p: { id: number }) => p.id)).toEqual([3, 5]);
      expect(catalog.requests.map((r) => r.url)).toEqual(['/products?category=Audio']);
      expect(ads.requests.map((r) => r.url)).toEqual(['/ads?product_ids=3,5']);
    });

    it('answers no ads, without asking, when no product matches', async () => {
      const res = await http().get('/products?category=Toys').expect(200);
      expect(res.body).toEqual({ products: [], ads: [] });
      expect(ads.requests).toEqual([]);
    });

    it('converts every price with one rate', async () => {
      const res = await http().get('/products?currency=EUR').expect(200);
      // 699.99 × 0.85 = 594.9915, 1299.99 × 0.85 = 1104.9915, 79.99 × 0.85 = 67.9915
      expect(
        res.body.products.map((p: { price: number; currency: string }) => [p.price, p.currency]),
      ).toEqual([
        [594.99, 'EUR'],
        [1104.99, 'EUR'],
        [212.49, 'EUR'],
        [297.49, 'EUR'],
        [67.99, 'EUR'],
      ]);
      expect(res.body.products[0]).toMatchObject({ id: 1, name: 'Smartphone Model X' });
      expect(currency.requests.map((r) => r.url)).toEqual(['/convert?from=USD&to=EUR']);
    });

    it('converts into currencies with large rates', async () => {
      const res = await http().get('/products?category=Phones&currency=JPY').expect(200);
      // 699.99 × 110 = 76998.9 (and not 76998.90000000001)
      expect(res.body.products[0]).toMatchObject({ price: 76998.9, currency: 'JPY' });
    });

    it('labels prices with the code as the currency service understood it', async () => {
      const res = await http().get('/products?currency=gbp').expect(200);
      expect(res.body.products[0]).toMatchObject({ price: 524.99, currency: 'GBP' });
    });

    it.each(['USD', ''])('leaves prices alone for currency=%j', async (code) => {
      const res = await http().get(`/products?currency=${code}`).expect(200);
      expect(res.body.products).toEqual(PRODUCTS);
      expect(currency.requests).toEqual([]);
    });

    it('keeps the 400 of an unsupported currency', async () => {
      const res = await http().get('/products?currency=XYZ').expect(400);
      expect(res.body).toEqual({ error: 'Currency XYZ not supported' });
    });

    it.each([
      ['category', '/products?category=Audio&category=Phones', 'category must be a single string'],
      [
        'currency',
        '/products?currency=EUR&currency=GBP',
        'currency must be a single currency code',
      ],
    ])('answers 400 for a repeated %s parameter', async (_name, url, error) => {
      const res = await http().get(url).expect(400);
      expect(res.body).toEqual({ error });
      expect(catalog.requests).toEqual([]);
    });

    it.each([503, 500])('answers %i from the ad service with no ads', async (status) => {
      faults.ads = status;
      const res = await http().get('/products').expect(200);
      expect(res.body).toEqual({ products: PRODUCTS, ads: [] });
    });

    it('answers a 4xx from the ad service with no ads', async () => {
      faults.ads = 400;
      expect((await http().get('/products').expect(200)).body.ads).toEqual([]);
    });

    it('answers no ads when the ad service answers something that is not a list', async () => {
      faults.ads = 'garbage';
      expect((await http().get('/products').expect(200)).body.ads).toEqual([]);
    });

    it('answers 500 naming the catalog when it fails', async () => {
      faults.catalog = 503;
      const res = await http().get('/products').expect(500);
      expect(res.body).toEqual({ error: 'Product catalog error: Database unavailable' });
    });

    it('answers 500 naming the currency service when it fails', async () => {
      faults.currency = 500;
      const res = await http().get('/products?currency=EUR').expect(500);
      expect(res.body).toEqual({ error: 'Currency service error: Internal calculation error' });
    });

    it('sends the caller trace and request id on to every downstream', async () => {
      const traceId = '0af7651916cd43dd8448eb211c80319c';
      await http()
        .get('/products?currency=EUR')
        .set('traceparent', `00-${traceId}-b7ad6b7169203331-01`)
        .set('x-request-id', 'req-42')
        .expect(200);
      for (const stub of [catalog, currency, ads]) {
        const [received] = stub.requests;
        expect(received.headers.traceparent).toMatch(
          new RegExp(`^00-${traceId}-(?!b7ad6b7169203331)[0-9a-f]{16}-01$`),
        );
        expect(received.headers['x-request-id']).toBe('req-42');
      }
    });
  });

  describe('GET /product/:id', () => {
    it('answers the product with its related ads', async () => {
      const res = await http().get('/product/2').expect(200);
      expect(res.body).toEqual({ product: PRODUCTS[1], related_ads: [ADS[1]] });
      expect(ads.requests.map((r) => r.url)).toEqual(['/ads?product_ids=2']);
    });

    it('converts the price', async () => {
      const res = await http().get('/product/4?currency=CAD').expect(200);
      // 349.99 × 1.25 = 437.4875
      expect(res.body.product).toMatchObject({ id: 4, price: 437.49, currency: 'CAD' });
    });

    it('keeps the catalog 404', async () => {
      const res = await http().get('/product/42').expect(404);
      expect(res.body).toEqual({ error: 'Product not found' });
      expect(ads.requests).toEqual([]);
    });

    it.each(['abc', '1.5', '..%2F..%2Fx', '%20', '99999999999999999999'])(
      'answers 400 Invalid product ID for %s without calling the catalog',
      async (id) => {
        const res = await http().get(`/product/${id}`).expect(400);
        expect(res.body).toEqual({ error: 'Invalid product ID' });
        expect(catalog.requests).toEqual([]);
      },
    );

    it('keeps the 400 of an unsupported currency', async () => {
      const res = await http().get('/product/1?currency=BTC').expect(400);
      expect(res.body).toEqual({ error: 'Currency BTC not supported' });
    });

    it('answers 400 for a repeated currency', async () => {
      const res = await http().get('/product/1?currency=EUR&currency=JPY').expect(400);
      expect(res.body).toEqual({ error: 'currency must be a single currency code' });
    });

    it('answers no related ads when the ad service fails', async () => {
      faults.ads = 500;
      const res = await http().get('/product/1').expect(200);
      expect(res.body).toEqual({ product: PRODUCTS[0], related_ads: [] });
    });

    it('answers 500 naming the catalog when it fails', async () => {
      faults.catalog = 500;
      const res = await http().get('/product/1').expect(500);
      expect(res.body).toEqual({ error: 'Product catalog error: Database unavailable' });
    });
  });

  describe('POST /checkout', () => {
    it('forwards the body unchanged and answers with checkout-service answer', async () => {
      const body = { ...CHECKOUT_BODY, extra: { kept: [1, 'two', null] } };
      const res = await http().post('/checkout').send(body).expect(200);
      expect(res.body).toEqual({
        order_id: ORDER_ID,
        total: 699.99,
        currency: 'USD',
        status: 'PROCESSED',
      });
      expect(checkout.requests).toEqual([
        expect.objectContaining({ method: 'POST', url: '/process', body }),
      ]);
    });

    it.each([
      ['an empty body', undefined, 'No checkout data provided'],
      ['an empty object', {}, 'No checkout data provided'],
      [
        'an unsupported currency',
        { ...CHECKOUT_BODY, user_currency: 'XYZ' },
        'Currency XYZ not supported',
      ],
    ])('keeps checkout-service 400 for %s', async (_case, body, error) => {
      const res = await http().post('/checkout').send(body).expect(400);
      expect(res.body).toEqual({ error });
    });

    it('answers 500 with checkout-service message when it fails', async () => {
      faults.checkout = 500;
      const res = await http().post('/checkout').send(CHECKOUT_BODY).expect(500);
      expect(res.body).toEqual({
        error:
          'Checkout service error: Failed to retrieve product information: product-catalog answered 503',
      });
    });

    it('answers 400 for malformed JSON without calling checkout-service', async () => {
      const res = await http()
        .post('/checkout')
        .set('Content-Type', 'application/json')
        .send('{"user_id": ')
        .expect(400);
      expect(res.body).toEqual({ error: 'Malformed JSON body' });
      expect(checkout.requests).toEqual([]);
    });

    it('answers 400 for 5,000 nested arrays without calling checkout-service', async () => {
      const res = await http()
        .post('/checkout')
        .set('Content-Type', 'application/json')
        .send('['.repeat(5_000) + ']'.repeat(5_000))
        .expect(400);
      expect(res.body).toEqual({ error: 'JSON body nested deeper than 32 levels' });
      expect(checkout.requests).toEqual([]);
    });

    it('answers 413 for a body over 100 kB without calling checkout-service', async () => {
      const res = await http()
        .post('/checkout')
        .send({ ...CHECKOUT_BODY, address: 'x'.repeat(110_000) })
        .expect(413);
      expect(res.body).toEqual({ error: 'Request body too large' });
      expect(checkout.requests).toEqual([]);
    });
  });

  describe('GET /order/:id', () => {
    it('forwards to checkout-service', async () => {
      const res = await http().get(`/order/${ORDER_ID}`).expect(200);
      expect(res.body).toEqual(ORDER);
    });

    it.each(['unknown', '..%2F..%2Fx'])('keeps the 404 for %s', async (id) => {
      const res = await http().get(`/order/${id}`).expect(404);
      expect(res.body).toEqual({ error: 'Order not found' });
      expect(checkout.requests.map((r) => r.url)).toEqual([`/order/${id}`]);
    });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await http().get('/nope').expect(404);
    expect(res.body).toEqual({ error: 'Cannot GET /nope' });
  });

  it('never answers 5xx to junk query values and ids', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.string(), { nil: undefined }),
        fc.option(fc.oneof(fc.string(), fc.constantFrom('EUR', 'jpy', 'USD')), {
          nil: undefined,
        }),
        fc.oneof(fc.string(), fc.integer().map(String)),
        async (category, code, id) => {
          const list = await http().get('/products').query({ category, currency: code });
          expect(list.status).toBeLessThan(500);
          const one = await http()
            .get(`/product/${encodeURIComponent(id)}`)
            .query({ currency: code });
          expect(one.status).toBeLessThan(500);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('exposes request_count labelled by route template', async () => {
    await http().get('/product/3').expect(200);
    await http().get('/product/42').expect(404);
    await http().post('/checkout').send(CHECKOUT_BODY).expect(200);
    const res = await http().get('/metrics').expect(200);
    expect(metricType(res.text, 'request_count')).toBe('counter');
    expect(
      uncounted(res.text, [
        ['request_count', { method: 'GET', endpoint: '/product/:id', http_status: '200' }],
        ['request_count', { method: 'GET', endpoint: '/product/:id', http_status: '404' }],
        ['request_count', { method: 'POST', endpoint: '/checkout', http_status: '200' }],
        ['http_requests_total', { method: 'GET', route: '/product/:id', status_code: '200' }],
      ]),
    ).toEqual([]);
    expect(res.text).not.toContain('/product/42');
  });
});

describe('gateway with every downstream down (e2e)', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    const down = await refusedUrl();
    app = await gatewayWith({
      productCatalogUrl: down,
      currencyUrl: down,
      adUrl: down,
      checkoutUrl: down,
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['GET', '/products', 'Product catalog unavailable: connection failed'],
    ['GET', '/product/1', 'Product catalog unavailable: connection failed'],
    ['POST', '/checkout', 'Checkout service unavailable: connection failed'],
    ['GET', `/order/${ORDER_ID}`, 'Checkout service unavailable: connection failed'],
  ])('answers %s %s with 500 naming the downstream', async (method, url, error) => {
    const call = method === 'POST' ? http().post(url).send(CHECKOUT_BODY) : http().get(url);
    const res = await call.expect(500);
    expect(res.body).toEqual({ error });
  });

  it('still answers GET / and the health probes', async () => {
    await http().get('/').expect(200);
    await http().get('/healthz/ready').expect(200);
  });
});

describe('gateway with only the catalog up (e2e)', () => {
  let catalog: RunningServer;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    catalog = await startHttpServer(catalogRoutes({}));
    const down = await refusedUrl();
    app = await gatewayWith({
      productCatalogUrl: catalog.url,
      currencyUrl: down,
      adUrl: down,
      checkoutUrl: down,
    });
  });

  afterAll(async () => {
    await app.close();
    await catalog.close();
  });

  it('serves products without ads', async () => {
    const res = await http().get('/products').expect(200);
    expect(res.body).toEqual({ products: PRODUCTS, ads: [] });
  });

  it('serves a product without related ads', async () => {
    const res = await http().get('/product/5').expect(200);
    expect(res.body).toEqual({ product: PRODUCTS[4], related_ads: [] });
  });

  it('answers 500 naming the currency service when a conversion is asked for', async () => {
    const res = await http().get('/products?currency=EUR').expect(500);
    expect(res.body).toEqual({ error: 'Currency service unavailable: connection failed' });
  });
});

describe('gateway with a catalog that never answers (e2e)', () => {
  let catalog: RunningServer;
  let app: INestApplication;

  beforeAll(async () => {
    // accepts the request and never answers
    catalog = await startHttpServer((stub) => stub.get('/products', () => undefined));
    const down = await refusedUrl();
    app = await gatewayWith(
      {
        productCatalogUrl: catalog.url,
        currencyUrl: down,
        adUrl: down,
        checkoutUrl: down,
      },
      { httpClientTimeoutMs: 200 },
    );
  });

  afterAll(async () => {
    await app.close();
    await catalog.close();
  });

  it('gives up after the client timeout with a 500', async () => {
    const res = await request(app.getHttpServer()).get('/products').expect(500);
    expect(res.body).toEqual({ error: 'Product catalog unavailable: timed out' });
  });
});
