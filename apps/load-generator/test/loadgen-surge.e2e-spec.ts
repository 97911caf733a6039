import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  RunningServer,
  createE2eApp,
  metricValue,
  sleep,
  startHttpServer,
  waitFor,
  withConfig,
} from '@app/testing';
import { AppModule } from '../src/app.module';
import { loadGeneratorConfig } from '../src/config/load-generator.config';

jest.setTimeout(30_000);

const SCENARIO = '/admin/scenarios/loadgen-surge';
const PRODUCTS = [{ id: 1 }, { id: 2 }, { id: 3 }];

/** A gateway that answers every route the shoppers use at once, so their pace is theirs alone. */
function fastGateway(): Promise<RunningServer> {
  return startHttpServer((app) => {
    app.get('/health', (_req, res) => void res.json({ status: 'UP' }));
    app.get('/products', (_req, res) => void res.json({ products: PRODUCTS, ads: [] }));
    app.get('/product/:id', (req, res) => {
      res.json({ product: { id: Number(req.params.id) }, related_ads: [] });
    });
    app.post('/checkout', (_req, res) => {
      res.json({ order_id: 'o-1', total: 1, currency: 'USD', status: 'PROCESSED' });
    });
  });
}

/** Scenario loadgen-surge switched at runtime, measured as requests per second at the gateway. */
describe.each([
  ['switched at runtime', ''],
  ['switched on by SCENARIOS at start', 'loadgen-surge:factor=10'],
])('load-generator scenario loadgen-surge %s (e2e)', (_how, scenarios) => {
  let gateway: RunningServer;
  let app: INestApplication;

  beforeAll(async () => {
    gateway = await fastGateway();
    app = await createE2eApp(AppModule, {
      // pauses a tenth of the real ones: the normal pace is about ten requests per second
      service: { loadDelayScale: 0.1, shutdownDrainMs: 0, scenarios },
      config: [withConfig(loadGeneratorConfig, { gatewayUrl: gateway.url })],
    });
    await waitFor('traffic', () => traffic() > 0, 5_000, 20);
  });

  afterAll(async () => {
    await app.close();
    await gateway.close();
  });

  const http = () => request(app.getHttpServer());
  const traffic = () => gateway.requests.filter((recorded) => recorded.url !== '/health').length;
  const sent = async () =>
    metricValue((await http().get('/metrics').expect(200)).text, 'load_generator_request_count');

  /** Requests per second the gateway received over `ms`, and what the generator counted. */
  async function rate(ms = 2_000): Promise<{ gateway: number; counted: number }> {
    const [received, counted, started] = [traffic(), await sent(), Date.now()];
    await sleep(ms);
    const seconds = (Date.now() - started) / 1_000;
    return {
      gateway: (traffic() - received) / seconds,
      counted: ((await sent()) - counted) / seconds,
    };
  }

  if (scenarios) {
    it('surges from the first visit, and falls back when switched off', async () => {
      expect((await http().get(SCENARIO).expect(200)).body.enabled).toBe(true);
      const surge = await rate();
      await http().put(SCENARIO).send({ enabled: false }).expect(200);
      await sleep(1_000);
      const after = await rate();
      expect(surge.gateway).toBeGreaterThan(4 * after.gateway);
      expect(after.gateway).toBeGreaterThan(0);
    });
    return;
  }

  it('multiplies the request rate by about `factor` while on, and falls back when off', async () => {
    const normal = await rate();
    expect(normal.gateway).toBeGreaterThan(1);

    const on = await http().put(SCENARIO).send({ enabled: true }).expect(200);
    expect(on.body).toEqual({
      name: 'loadgen-surge',
      description: expect.any(String),
      enabled: true,
      params: { factor: 10 },
    });
    const surge = await rate();
    expect(surge.gateway).toBeGreaterThan(4 * normal.gateway);
    // the generator's own counter tells the same story as the gateway
    expect(surge.counted).toBeGreaterThan(4 * normal.counted);

    await http().put(SCENARIO).send({ enabled: false }).expect(200);
    // lanes no longer wanted end after their visit and pause
    await sleep(1_000);
    const after = await rate();
    expect(after.gateway).toBeLessThan(2 * normal.gateway + 2);
    expect(after.gateway).toBeGreaterThan(0);
  });

  it.each([0, 51, 2.5])('refuses factor %p with a 400 naming it', async (factor) => {
    const res = await http().put(SCENARIO).send({ enabled: true, params: { factor } }).expect(400);
    expect(res.body.error).toContain('Param factor of scenario loadgen-surge');
  });
});
