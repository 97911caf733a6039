import fc from 'fast-check';
import { buildServiceConfig } from '@app/config';
import {
  DownstreamRequest,
  DownstreamResponse,
  DownstreamUnavailableError,
} from '@app/http-client';
import {
  answering,
  answeringInTurn,
  detachedSwitchboard,
  detachedTrafficMetrics,
  fakeDownstreamHttp,
  spyOnLogger,
} from '@app/testing';
import type { CheckoutBody } from './checkout-body';
import type { ShopFlow } from './shop-flow';
import { ShopTrafficService } from './shop-traffic.service';

const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CAD'];
const CATEGORIES = ['Electronics', 'Computers', 'Audio', 'Wearables'];
const LISTED = [11, 12, 13, 14];

type Answer = (request: DownstreamRequest) => Promise<DownstreamResponse<unknown>>;

const healthyGateway: Answer = (request) => {
  if (request.path === '/products') {
    return answering(200, { products: LISTED.map((id) => ({ id })), ads: [] })();
  }
  if (request.path === '/checkout') {
    return answering(200, { order_id: 'o-1', total: 1, currency: 'USD', status: 'PROCESSED' })();
  }
  return answering(200, { product: {}, related_ads: [] })();
};

const config = buildServiceConfig('load-generator', {
  LOG_LEVEL: 'silent',
  HTTP_CLIENT_TIMEOUT_MS: '1000',
  SHUTDOWN_DRAIN_MS: '0',
  LOAD_DELAY_SCALE: '0',
});

/** The service on a gateway answering from `answer`; `requests` are the ones it was sent. */
function trafficOn(answer: Answer) {
  const { http, calls: requests } = fakeDownstreamHttp(answer);
  const service = new ShopTrafficService(
    http,
    detachedTrafficMetrics(),
    config,
    { gatewayUrl: 'http://gateway.test', delayBetweenUsersSeconds: 2 },
    detachedSwitchboard('load-generator'),
  );
  return { requests, service, ...spyOnLogger(service['logger']) };
}

const viewsOf = (requests: DownstreamRequest[]) =>
  requests.filter((request) => request.path.startsWith('/product/'));
const checkoutsOf = (requests: DownstreamRequest[]) =>
  requests.filter((request) => request.path === '/checkout');

describe('ShopTrafficService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('targets the configured gateway', async () => {
    const { requests, service } = trafficOn(healthyGateway);
    await service.runFlow('direct-checkout');
    expect(requests.every((r) => r.baseUrl === 'http://gateway.test')).toBe(true);
    expect(requests.every((r) => r.service === 'gateway')).toBe(true);
  });

  it('browses: lists, views 1–3 distinct listed products in a currency each, maybe checks out', async () => {
    const checkedOut: boolean[] = [];
    for (let visit = 0; visit < 60; visit++) {
      const { requests, service } = trafficOn(healthyGateway);
      await service.runFlow('browse');
      const [list, ...rest] = requests;
      expect(list).toMatchObject({
        method: 'GET',
        path: '/products',
        params: { category: undefined },
      });
      const views = viewsOf(rest);
      expect(views.length).toBeGreaterThanOrEqual(1);
      expect(views.length).toBeLessThanOrEqual(3);
      expect(new Set(views.map((view) => view.path)).size).toBe(views.length);
      for (const view of views) {
        expect(view.method).toBe('GET');
        expect(LISTED.map((id) => `/product/${id}`)).toContain(view.path);
        expect(CURRENCIES).toContain(view.params?.currency);
      }
      const checkouts = checkoutsOf(rest);
      expect(checkouts.length).toBeLessThanOrEqual(1);
      expect(rest).toEqual([...views, ...checkouts]);
      for (const checkout of checkouts) {
        const body = checkout.body as CheckoutBody;
        expect(body.items.length).toBeLessThanOrEqual(3);
        expect(body.items.every((item) => item.quantity >= 1 && item.quantity <= 3)).toBe(true);
      }
      checkedOut.push(checkouts.length === 1);
    }
    expect(checkedOut).toContain(true);
    expect(checkedOut).toContain(false);
  });

  it('browses a category and views one of its products at most, without a currency', async () => {
    const viewed: boolean[] = [];
    for (let visit = 0; visit < 40; visit++) {
      const { requests, service } = trafficOn(healthyGateway);
      await service.runFlow('category');
      const [list, ...rest] = requests;
      expect(list.path).toBe('/products');
      expect(CATEGORIES).toContain(list.params?.category);
      expect(rest.length).toBeLessThanOrEqual(1);
      for (const view of rest) {
        expect(LISTED.map((id) => `/product/${id}`)).toContain(view.path);
        expect(view.params).toEqual({ currency: undefined });
      }
      viewed.push(rest.length === 1);
    }
    expect(viewed).toContain(true);
    expect(viewed).toContain(false);
  });

  it('views nothing when the category has no products', async () => {
    const { requests, service } = trafficOn((request) =>
      request.path === '/products'
        ? answering(200, { products: [], ads: [] })()
        : healthyGateway(request),
    );
    for (let visit = 0; visit < 10; visit++) await service.runFlow('category');
    expect(requests.every((request) => request.path === '/products')).toBe(true);
  });

  it('checks out directly 1–2 listed items of quantity 1–2', async () => {
    for (let visit = 0; visit < 30; visit++) {
      const { requests, service } = trafficOn(healthyGateway);
      await service.runFlow('direct-checkout');
      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /products',
        'POST /checkout',
      ]);
      const body = requests[1].body as CheckoutBody;
      expect(body.items.length).toBeGreaterThanOrEqual(1);
      expect(body.items.length).toBeLessThanOrEqual(2);
      for (const item of body.items) {
        expect(LISTED).toContain(item.product_id);
        expect(item.quantity).toBeGreaterThanOrEqual(1);
        expect(item.quantity).toBeLessThanOrEqual(2);
      }
    }
  });

  it('logs each visit with its kind and user', async () => {
    const { service, infos } = trafficOn(healthyGateway);
    await service.runFlow('category');
    expect(infos).toHaveBeenCalledWith(
      { flow: 'category', user_id: expect.stringMatching(/^user-([1-9]|10)$/) },
      expect.stringMatching(/^user-\d+ starts a category visit$/),
    );
  });

  it.each<ShopFlow>(['browse', 'category', 'direct-checkout'])(
    'ends a %s visit when the product list fails, logging the gateway error',
    async (flow) => {
      const { requests, service, errors } = trafficOn(
        answering(500, { error: 'Failed to fetch products' }),
      );
      await service.runFlow(flow);
      expect(requests).toHaveLength(1);
      expect(errors).toHaveBeenCalledWith(
        expect.objectContaining({
          endpoint: '/products',
          status: 500,
          error: 'Failed to fetch products',
        }),
        expect.stringMatching(/^GET \/products answered 500: Failed to fetch products$/),
      );
    },
  );

  it('ends the visit when the gateway does not answer the product list', async () => {
    const { requests, service, errors } = trafficOn(() =>
      Promise.reject(new DownstreamUnavailableError('gateway', 'connection', 'ECONNREFUSED')),
    );
    await service.runFlow('browse');
    expect(requests).toHaveLength(1);
    expect(errors).toHaveBeenCalledWith(
      { endpoint: '/products', path: '/products' },
      expect.stringContaining('No answer from gateway'),
    );
  });

  it('ends the visit when the product list answer is malformed', async () => {
    const { requests, service, errors } = trafficOn(answering(200, '<html>'));
    await service.runFlow('direct-checkout');
    expect(requests).toHaveLength(1);
    expect(errors).toHaveBeenCalledWith(
      { endpoint: '/products', status: 200 },
      'Gateway answered GET /products without a product list',
    );
  });

  it('logs a rejected checkout as a warning with the gateway message', async () => {
    const { service, warnings } = trafficOn((request) =>
      request.path === '/checkout'
        ? answering(400, { error: 'Currency XYZ not supported' })()
        : healthyGateway(request),
    );
    await service.runFlow('direct-checkout');
    expect(warnings).toHaveBeenCalledWith(
      {
        endpoint: '/checkout',
        path: '/checkout',
        status: 400,
        error: 'Currency XYZ not supported',
      },
      'POST /checkout answered 400: Currency XYZ not supported',
    );
  });

  it('describes an answer without an error body by its status', async () => {
    const { service, errors } = trafficOn((request) =>
      request.path.startsWith('/product/')
        ? answering(502, 'Bad Gateway')()
        : healthyGateway(request),
    );
    jest.spyOn(Math, 'random').mockReturnValue(0);
    await service.runFlow('category');
    expect(errors).toHaveBeenCalledWith(
      expect.objectContaining({ endpoint: '/product/:id', status: 502, error: 'HTTP 502' }),
      expect.stringMatching(/^GET \/product\/1\d answered 502: HTTP 502$/),
    );
  });

  it('never fails a flow, whatever the gateway answers', async () => {
    const answer = fc.record({ status: fc.integer({ min: 100, max: 599 }), data: fc.anything() });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('browse', 'category', 'direct-checkout' as const),
        fc.array(answer, { minLength: 1, maxLength: 6 }),
        async (flow, answers) => {
          const { service } = trafficOn(answeringInTurn(answers));
          await expect(service.runFlow(flow)).resolves.toBeUndefined();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('waits 0.8–1.2 × DELAY_BETWEEN_USERS between visits', () => {
    const { service } = trafficOn(healthyGateway);
    for (let i = 0; i < 100; i++) {
      const seconds = service['secondsBetweenFlows']();
      expect(seconds).toBeGreaterThanOrEqual(1.6);
      expect(seconds).toBeLessThanOrEqual(2.4);
    }
  });
});
