import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createE2eApp, refusedUrl, withConfig } from '@app/testing';
import { AppModule } from '../src/app.module';
import { MemoryLeakScenario } from '../src/checkout/memory-leak.scenario';
import { checkoutConfig } from '../src/config/checkout.config';

const MIB = 1024 * 1024;

const CHECKOUT = {
  user_id: 'user-3',
  user_currency: 'USD',
  address: { street: '789 King St', city: 'London', country: 'UK', zip: 'SW1A 1AA' },
  email: 'user3@example.com',
  items: [{ product_id: 1, quantity: 1 }],
};

/**
 * The memory-leak switch of checkout-service, in process: what each checkout keeps and the
 * bounds of its params. Its RSS, and the OOM-kill, are measured on real processes
 * (test/system/scenario-processes.system-spec.ts, scripts/test-containers.sh).
 */
describe('checkout-service memory-leak scenario (e2e)', () => {
  let app: INestApplication;
  let leak: MemoryLeakScenario;
  const http = () => request(app.getHttpServer());
  const scenario = '/admin/scenarios/memory-leak';

  beforeAll(async () => {
    // downstreams refused: each checkout fails fast, after the leak took its share
    const down = await refusedUrl();
    app = await createE2eApp(AppModule, {
      config: [withConfig(checkoutConfig, { productCatalogUrl: down, currencyUrl: down })],
    });
    leak = app.get(MemoryLeakScenario);
  });

  afterAll(async () => {
    await app.close();
  });

  afterEach(async () => {
    await http().put(scenario).send({ enabled: false }).expect(200);
  });

  const checkouts = async (count: number) => {
    for (let i = 0; i < count; i++) await http().post('/process').send(CHECKOUT).expect(500);
  };

  it('is listed, off, at its defaults', async () => {
    const res = await http().get(scenario).expect(200);
    expect(res.body).toMatchObject({
      name: 'memory-leak',
      enabled: false,
      params: { kb_per_request: 512, max_mb: 1024 },
    });
  });

  it('keeps kb_per_request per checkout while on, nothing while off, and drops it all when switched off', async () => {
    await checkouts(2);
    expect(leak.retainedBytes).toBe(0);
    await http()
      .put(scenario)
      .send({ enabled: true, params: { kb_per_request: 1024 } })
      .expect(200);
    await checkouts(3);
    expect(leak.retainedBytes).toBe(3 * MIB);
    // a request that never reaches the handler (refused by validation) keeps nothing
    await http().post('/process').send({}).expect(400);
    expect(leak.retainedBytes).toBe(3 * MIB);
    await http().put(scenario).send({ enabled: false }).expect(200);
    expect(leak.retainedBytes).toBe(0);
  });

  it('stops growing at max_mb', async () => {
    await http()
      .put(scenario)
      .send({ enabled: true, params: { kb_per_request: 16_384, max_mb: 40 } })
      .expect(200);
    await checkouts(4);
    expect(leak.retainedBytes).toBe(40 * MIB);
  });

  it.each([
    [
      { kb_per_request: 0 },
      'Param kb_per_request of scenario memory-leak must be an integer from 1 to 16384',
    ],
    [
      { kb_per_request: 16_385 },
      'Param kb_per_request of scenario memory-leak must be an integer from 1 to 16384',
    ],
    [
      { kb_per_request: 1.5 },
      'Param kb_per_request of scenario memory-leak must be an integer from 1 to 16384',
    ],
    [
      { kb_per_request: '512' },
      'Param kb_per_request of scenario memory-leak must be an integer from 1 to 16384',
    ],
    [{ max_mb: 0 }, 'Param max_mb of scenario memory-leak must be an integer from 1 to 8192'],
  ])('refuses params %j with 400', async (params, error) => {
    const res = await http().put(scenario).send({ enabled: true, params }).expect(400);
    expect(res.body).toEqual({ error });
    expect((await http().get(scenario)).body).toMatchObject({ enabled: false });
  });
});
