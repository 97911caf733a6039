import { SERVICE_NAMES } from '@app/config';
import { Demo, getJson, getText, metricValue, startDemo, waitFor } from '../support/processes';

const TOKEN = 'instabook-secret-token-2024';
const AUTH_FAILURE = 'Internal service authentication failure';

/**
 * All nine services as real processes, started the way `npm start` starts them, talking
 * to each other over loopback.
 */
describe('the whole demo', () => {
  let demo: Demo;
  let startedIn: number;

  beforeAll(async () => {
    const started = Date.now();
    demo = await startDemo();
    await demo.process.waitForLine(/All 9 services are healthy/, 45_000);
    startedIn = Date.now() - started;
  }, 60_000);

  afterAll(async () => {
    if (!demo) return;
    demo.process.signalGroup('SIGINT');
    await Promise.race([
      demo.process.exited,
      new Promise((resolve) => setTimeout(resolve, 10_000)),
    ]);
    await demo.process.kill();
  }, 20_000);

  it('brings all nine to healthy within 30 s', async () => {
    expect(startedIn).toBeLessThan(30_000);
    for (const name of SERVICE_NAMES) {
      expect(await getJson(demo.url(name, '/health'))).toEqual({
        status: 200,
        body: { status: 'UP' },
      });
    }
  });

  it('lists products with converted prices and ads', async () => {
    const { status, body } = await getJson(demo.url('gateway', '/products?currency=EUR'));
    expect(status).toBe(200);
    expect(body.products).toHaveLength(5);
    expect(body.products[0]).toMatchObject({ id: 1, price: 594.99, currency: 'EUR' });
    expect(body.ads.map((ad: { id: string }) => ad.id).sort()).toEqual(['ad1', 'ad2', 'ad3']);
  });

  it('shows a product in another currency with its related ads', async () => {
    const { status, body } = await getJson(demo.url('gateway', '/product/3?currency=GBP'));
    expect(status).toBe(200);
    expect(body.product).toMatchObject({
      id: 3,
      name: 'Wireless Headphones',
      price: 187.49,
      currency: 'GBP',
    });
    expect(body.related_ads).toEqual([expect.objectContaining({ id: 'ad3', product_id: 3 })]);
  });

  it('keeps a downstream 404 as 404 through the gateway', async () => {
    expect(await getJson(demo.url('gateway', '/product/42'))).toEqual({
      status: 404,
      body: { error: 'Product not found' },
    });
  });

  it('checks out and finds the order again through the gateway', async () => {
    const checkout = await getJson(demo.url('gateway', '/checkout'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        user_id: 'user-7',
        user_currency: 'JPY',
        address: { street: '654 Tokyo Ave', city: 'Tokyo', country: 'Japan', zip: '100-0001' },
        email: 'user7@example.com',
        items: [
          { product_id: 5, quantity: 2 },
          { product_id: 1, quantity: 1 },
        ],
      }),
    });
    expect(checkout.status).toBe(200);
    // 79.99 × 110 = 8798.9 (× 2) + 699.99 × 110 = 76998.9
    expect(checkout.body).toEqual({
      order_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      total: 94596.7,
      currency: 'JPY',
      status: 'PROCESSED',
    });
    const order = await getJson(demo.url('gateway', `/order/${checkout.body.order_id}`));
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({
      order_id: checkout.body.order_id,
      user_id: 'user-7',
      total: 94596.7,
    });
    expect(order.body.products).toHaveLength(2);
  });

  it('lets both load generators produce traffic', async () => {
    await waitFor('shop traffic', async () => {
      const text = await getText(demo.url('load-generator', '/metrics'));
      return (
        metricValue(text, 'load_generator_request_count', {
          endpoint: '/products',
          status: '200',
        }) > 0
      );
    });
    await waitFor('booking traffic', async () => {
      const text = await getText(demo.url('load-generator-instabook', '/metrics'));
      return metricValue(text, 'load_generator_instabook_request_count', { status: '201' }) > 0;
    });
  });

  it('carries the token failure across three services and recovers', async () => {
    const errorsBefore = metricValue(
      await getText(demo.url('instabook', '/metrics')),
      'instabook_cache_errors',
      { error_type: 'auth_failure' },
    );
    const generatorErrorsBefore = metricValue(
      await getText(demo.url('load-generator-instabook', '/metrics')),
      'load_generator_instabook_request_count',
      { status: '500' },
    );
    const logLinesBefore = demo.process.lines.length;

    const toggled = await getJson(demo.url('instabook-cache', '/admin/token'), { method: 'POST' });
    expect(toggled).toEqual({ status: 200, body: { enabled: false } });
    try {
      expect(
        await getJson(demo.url('instabook-cache', '/cache/session/anything'), {
          headers: { authorization: `Bearer ${TOKEN}` },
        }),
      ).toEqual({ status: 401, body: { error: 'API token authentication is disabled' } });

      const session = {
        id: 'system-test-session',
        user_id: 'user-1',
        booking_id: 'BK-0000ABCD',
        status: 'pending',
        data: 'Booking for hotel - 2 items',
      };
      expect(
        await getJson(demo.url('instabook', '/booking/session'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(session),
        }),
      ).toEqual({ status: 500, body: { error: AUTH_FAILURE } });

      const errorsAfter = metricValue(
        await getText(demo.url('instabook', '/metrics')),
        'instabook_cache_errors',
        { error_type: 'auth_failure' },
      );
      expect(errorsAfter).toBeGreaterThan(errorsBefore);

      await waitFor('the booking load generator to count 500s', async () => {
        const text = await getText(demo.url('load-generator-instabook', '/metrics'));
        return (
          metricValue(text, 'load_generator_instabook_request_count', { status: '500' }) >
          generatorErrorsBefore
        );
      });
      const errorLine = await waitFor('an ERROR line from the booking load generator', () =>
        demo.process.lines
          .slice(logLinesBefore)
          .find(
            (line) =>
              line.includes('load-generator-instabook') &&
              line.includes('"level":"ERROR"') &&
              line.includes(AUTH_FAILURE),
          ),
      );
      expect(errorLine).not.toContain(TOKEN);
    } finally {
      expect(
        await getJson(demo.url('instabook-cache', '/admin/token'), { method: 'POST' }),
      ).toEqual({
        status: 200,
        body: { enabled: true },
      });
    }

    const created = await getJson(demo.url('instabook', '/booking/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'system-test-recovered',
        user_id: 'user-2',
        booking_id: 'BK-0000ABCE',
        status: 'confirmed',
        data: 'Booking for car - 1 items',
      }),
    });
    expect(created.status).toBe(201);
    const read = await getJson(demo.url('instabook', '/booking/session/system-test-recovered'));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: 'system-test-recovered',
      user_id: 'user-2',
      created_at: expect.any(String),
    });
  });

  it('never logs the token', () => {
    expect(demo.process.output()).not.toContain(TOKEN);
  });
});
