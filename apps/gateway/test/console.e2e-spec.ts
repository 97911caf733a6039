import type { INestApplication } from '@nestjs/common';
import type { Express, Request, Response } from 'express';
import request from 'supertest';
import { SERVICE_NAMES, ServiceName, TOPOLOGY } from '@app/config';
import { RunningServer, createE2eApp, refusedUrl, startHttpServer, withConfig } from '@app/testing';
import { AppModule } from '../src/app.module';
import { consoleConfig } from '../src/config/gateway.config';

const TOKEN = 'Bearer s3cret';
const DEADLINE_MS = 1_000;

const LATENCY = {
  name: 'latency',
  description: 'Every request waits',
  enabled: false,
  params: { ms: 500, jitter_ms: 0, route: 'all' },
};

/** The uniform HTTP counter as prom-client writes it: only /products and /product/:id are traffic. */
const SERVICE_METRICS = [
  '# HELP http_requests_total http_requests_total by method, route, status_code',
  '# TYPE http_requests_total counter',
  'http_requests_total{method="GET",route="/products",status_code="200"} 10',
  'http_requests_total{method="GET",route="/product/:id",status_code="500"} 3',
  'http_requests_total{method="GET",route="/product/:id",status_code="404"} 2',
  'http_requests_total{method="GET",route="unmatched",status_code="404"} 1',
  'http_requests_total{method="GET",route="/metrics",status_code="200"} 40',
  'http_requests_total{method="GET",route="/health",status_code="503"} 5',
  'http_requests_total{method="GET",route="/healthz/ready",status_code="503"} 5',
  'http_requests_total{method="PUT",route="/admin/scenarios/:name",status_code="500"} 1',
  'http_requests_total{method="GET",route="/console/api/services",status_code="200"} 9',
  'http_requests_total{method="GET",route="/docs-json",status_code="200"} 1',
  '# HELP product_catalog_request_count product_catalog_request_count by method, endpoint, status',
  '# TYPE product_catalog_request_count counter',
  'product_catalog_request_count{method="GET",endpoint="/products",status="200"} 10',
  '',
].join('\n');

const GENERATOR_METRICS = [
  '# TYPE load_generator_request_count counter',
  'load_generator_request_count{method="GET",endpoint="/products",status="200"} 7',
  'load_generator_request_count{method="GET",endpoint="/products",status="502"} 2',
  'load_generator_request_count{method="GET",endpoint="/product/:id",status="404"} 4',
  'load_generator_request_count{method="POST",endpoint="/checkout",status="error"} 1',
  'http_requests_total{method="GET",route="/metrics",status_code="500"} 6',
  '',
].join('\n');

/** A service of the demo as the console sees it: its scenario switchboard and its metrics. */
function serviceRoutes(name: ServiceName, metrics: string, tokenRequired = false) {
  return (app: Express): void => {
    app.use('/admin', (req, res, next) => {
      if (tokenRequired && req.headers.authorization !== TOKEN) {
        res.status(401).json({ error: 'Admin token required' });
      } else next();
    });
    app.get('/admin/scenarios', (_req, res) => {
      res.json({ service: name, scenarios: [LATENCY] });
    });
    app.put('/admin/scenarios/:name', (req: Request, res: Response) => {
      const body = req.body as { enabled?: unknown; params?: Record<string, unknown> };
      const scenario = String(req.params.name);
      if (scenario === 'broken') res.status(500).json({ error: 'Internal server error' });
      else if (scenario !== 'latency') {
        res.status(404).json({ error: `Scenario ${scenario} not found` });
      } else if (typeof body.enabled !== 'boolean' || body.params?.ms === -1) {
        res
          .status(400)
          .json({ error: 'Param ms of scenario latency must be an integer from 0 to 60000' });
      } else {
        res.json({
          ...LATENCY,
          enabled: body.enabled,
          params: { ...LATENCY.params, ...body.params },
        });
      }
    });
    app.get('/metrics', (_req, res) => {
      res.type('text/plain; version=0.0.4; charset=utf-8').send(metrics);
    });
  };
}

/** A service that accepts connections and never answers. */
const hanging = (app: Express): void => {
  app.use(() => undefined);
};

describe('the console API (e2e)', () => {
  let catalog: RunningServer;
  let cache: RunningServer;
  let generator: RunningServer;
  let hung: RunningServer;
  let refused: string;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const stubs = () => [catalog, cache, generator, hung];

  beforeAll(async () => {
    catalog = await startHttpServer(serviceRoutes('product-catalog', SERVICE_METRICS));
    cache = await startHttpServer(serviceRoutes('instabook-cache', SERVICE_METRICS, true));
    generator = await startHttpServer(serviceRoutes('load-generator', GENERATOR_METRICS));
    hung = await startHttpServer(hanging);
    refused = await refusedUrl();
    const services = Object.fromEntries(SERVICE_NAMES.map((name) => [name, refused])) as Record<
      ServiceName,
      string
    >;
    services['product-catalog'] = catalog.url;
    services['instabook-cache'] = cache.url;
    services['load-generator'] = generator.url;
    services['ad-service'] = hung.url;
    app = await createE2eApp(AppModule, {
      config: [
        withConfig(consoleConfig, {
          services,
          grafanaUrl: 'http://grafana.test:3000',
          readTimeoutMs: DEADLINE_MS,
          switchTimeoutMs: DEADLINE_MS,
        }),
      ],
    });
  });

  afterEach(() => {
    for (const stub of stubs()) stub.requests.length = 0;
  });

  afterAll(async () => {
    await app.close();
    await Promise.all(stubs().map((stub) => stub.close()));
  });

  describe('GET /console/api/services', () => {
    it('reads all nine in parallel: scenarios, counters, and who is down, within the deadline', async () => {
      const started = Date.now();
      const res = await http().get('/console/api/services').expect(200);
      // one hung service costs one deadline, not one per service or per read
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS * 3);
      expect(res.body.links).toEqual({
        tokenPage: 'http://localhost:8086/admin/',
        grafana: 'http://grafana.test:3000',
      });
      expect(res.body.at).toBeGreaterThanOrEqual(started);
      const byName = Object.fromEntries(
        (res.body.services as { name: string; calls: string[] }[]).map((service) => [
          service.name,
          service,
        ]),
      );
      expect(res.body.services.map((service: { name: string }) => service.name)).toEqual(
        SERVICE_NAMES,
      );
      for (const name of SERVICE_NAMES) {
        expect(byName[name]).toMatchObject({
          kind: TOPOLOGY[name].kind,
          calls: [...new Set(Object.values(TOPOLOGY[name].downstreams))],
        });
      }
      expect(byName.gateway.calls).toEqual([
        'product-catalog',
        'currency-service',
        'ad-service',
        'checkout-service',
      ]);
      // traffic: /products 10 + /product/:id 3 + 2 + unmatched 1; errors: the three 500s
      expect(byName['product-catalog']).toEqual({
        name: 'product-catalog',
        url: catalog.url,
        kind: 'service',
        calls: [],
        up: true,
        scenarios: [LATENCY],
        requests: 16,
        errors: 3,
        problem: null,
      });
      // a load generator: what it sent; 5xx and no answer at all are errors
      expect(byName['load-generator']).toMatchObject({ up: true, requests: 14, errors: 3 });
      expect(byName['ad-service']).toMatchObject({
        url: hung.url,
        up: false,
        scenarios: null,
        requests: null,
        errors: null,
        problem: 'no answer in time',
      });
      expect(byName.gateway).toMatchObject({
        url: refused,
        up: false,
        scenarios: null,
        requests: null,
        problem: 'unreachable',
      });
    });

    it('passes the admin token to the scenario reads, and tells when one is needed', async () => {
      const without = await http().get('/console/api/services').expect(200);
      const cacheWithout = without.body.services.find(
        (service: { name: string }) => service.name === 'instabook-cache',
      );
      expect(cacheWithout).toMatchObject({
        up: true,
        scenarios: null,
        requests: 16,
        problem: 'scenarios: Admin token required',
      });

      const withToken = await http()
        .get('/console/api/services')
        .set('Authorization', TOKEN)
        .expect(200);
      expect(
        withToken.body.services.find(
          (service: { name: string }) => service.name === 'instabook-cache',
        ),
      ).toMatchObject({ up: true, scenarios: [LATENCY], problem: null });
      // the token goes to the switchboard, never along with a scrape
      const scrapes = cache.requests.filter((r) => r.url === '/metrics');
      expect(scrapes.length).toBeGreaterThan(0);
      expect(scrapes.every((r) => r.headers.authorization === undefined)).toBe(true);
    });
  });

  describe('PUT /console/api/services/:service/scenarios/:name', () => {
    const put = (service: string, name: string) =>
      http().put(`/console/api/services/${service}/scenarios/${name}`);

    it("forwards the body and the token, and answers the service's new state", async () => {
      const res = await put('instabook-cache', 'latency')
        .set('Authorization', TOKEN)
        .send({ enabled: true, params: { ms: 1200 } })
        .expect(200);
      expect(res.body).toEqual({
        ...LATENCY,
        enabled: true,
        params: { ...LATENCY.params, ms: 1200 },
      });
      expect(cache.requests).toEqual([
        expect.objectContaining({
          method: 'PUT',
          url: '/admin/scenarios/latency',
          body: { enabled: true, params: { ms: 1200 } },
          headers: expect.objectContaining({ authorization: TOKEN }),
        }),
      ]);
    });

    it.each([
      ['instabook-cache', 'latency', {}, 401, 'Admin token required'],
      ['product-catalog', 'no-such', {}, 404, 'Scenario no-such not found'],
      [
        'product-catalog',
        'latency',
        { params: { ms: -1 } },
        400,
        'Param ms of scenario latency must be an integer from 0 to 60000',
      ],
    ])("passes %s's refusal of %s through: %j → %i", async (service, name, body, status, error) => {
      const res = await put(service, name).send(body).expect(status);
      expect(res.body).toEqual({ error });
    });

    it('escapes the scenario name in the path it forwards', async () => {
      await put('product-catalog', 'a%2Fb%3Fc').send({ enabled: true }).expect(404);
      expect(catalog.requests.map((r) => r.url)).toEqual(['/admin/scenarios/a%2Fb%3Fc']);
    });

    it('answers 404 for a dot segment as the name, which the forwarded URL would resolve away', async () => {
      for (const name of ['%2e', '%2E%2e']) {
        const res = await put('product-catalog', name).send({ enabled: true }).expect(404);
        expect(res.body).toEqual({ error: expect.stringMatching(/^Scenario \.\.? not found$/) });
      }
      expect(catalog.requests).toEqual([]);
    });

    it('answers 404 for a service the demo does not have, and calls nobody', async () => {
      const res = await put('no-such-service', 'latency').send({ enabled: true }).expect(404);
      expect(res.body).toEqual({ error: 'Service no-such-service not found' });
      expect(stubs().flatMap((stub) => stub.requests)).toEqual([]);
    });

    it.each([
      ['unreachable', 'gateway', 'latency', /^gateway unavailable \(connection\)/],
      [
        'silent past the deadline',
        'ad-service',
        'latency',
        /^ad-service unavailable \(timeout\): no answer within 1000 ms$/,
      ],
      [
        'failing',
        'product-catalog',
        'broken',
        /^product-catalog answered 500: Internal server error$/,
      ],
    ])('answers 502 for a service that is %s', async (_what, service, name, error) => {
      const started = Date.now();
      const res = await put(service, name).send({ enabled: true }).expect(502);
      expect(res.body).toEqual({ error: expect.stringMatching(error) });
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS * 3);
    });
  });

  describe('the page', () => {
    it.each([
      ['/console', /^text\/html/, '<title>Demo console</title>'],
      ['/console/', /^text\/html/, '<title>Demo console</title>'],
      ['/console/console.js', /^text\/javascript/, "const API = '/console/api/services';"],
      ['/console/console.css', /^text\/css/, '.switch'],
    ])('serves %s', async (path, type, content) => {
      const res = await http().get(path).expect(200);
      expect(res.headers['content-type']).toMatch(type);
      expect(res.text).toContain(content);
    });
  });
});
