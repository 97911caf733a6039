import { INestApplication, Logger } from '@nestjs/common';
import type { AddressInfo, Server } from 'node:net';
import request from 'supertest';
import { createE2eApp, metricValue, withConfig } from '@app/testing';
import { instabookConfig } from '../apps/instabook/src/config/instabook.config';
import { APP_MODULES } from './support/app-modules';

const SCENARIO = '/admin/scenarios/cache-token-auth';
const SESSION = {
  user_id: 'user-7',
  booking_id: 'BK-7A7B7C7D',
  status: 'pending',
  data: 'Booking for hotel - 1 items',
};

/**
 * Scenario cache-token-auth is the token story's switch: the page's POST /admin/token and
 * PUT /admin/scenarios/cache-token-auth are one switch, so the scenario's state, its gauge,
 * the token gauge and the log lines agree whichever was used — and the 401 → 500 cascade
 * through a real instabook follows it.
 */
describe('scenario cache-token-auth, the token toggle (e2e)', () => {
  let cache: INestApplication;
  let instabook: INestApplication;
  let warn: jest.SpyInstance;
  let sessions = 0;

  beforeAll(async () => {
    // no readiness drain on close: nothing routes traffic to a test app
    const service = { shutdownDrainMs: 0 };
    cache = await createE2eApp(await APP_MODULES['instabook-cache'](), { service });
    await cache.listen(0, '127.0.0.1');
    const { port } = (cache.getHttpServer() as Server).address() as AddressInfo;
    instabook = await createE2eApp(await APP_MODULES.instabook(), {
      service,
      config: [withConfig(instabookConfig, { cacheUrl: `http://127.0.0.1:${port}` })],
    });
  });

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await instabook.close();
    await cache.close();
  });

  const cacheHttp = () => request(cache.getHttpServer());
  const book = () =>
    request(instabook.getHttpServer())
      .post('/booking/session')
      .send({ ...SESSION, id: `scenario-${++sessions}` });

  /** Every view of the switch, read through the cache's public surface. */
  async function views() {
    const metrics = (await cacheHttp().get('/metrics').expect(200)).text;
    return {
      scenario: (await cacheHttp().get(SCENARIO).expect(200)).body.enabled as boolean,
      tokenAuth: (await cacheHttp().get('/admin/token').expect(200)).body.enabled as boolean,
      scenarioGauge: metricValue(metrics, 'demo_scenario_enabled', {
        scenario: 'cache-token-auth',
      }),
      tokenGauge: metricValue(metrics, 'instabook_cache_token_auth_enabled'),
    };
  }
  const OFF = { scenario: false, tokenAuth: true, scenarioGauge: 0, tokenGauge: 1 };
  const ON = { scenario: true, tokenAuth: false, scenarioGauge: 1, tokenGauge: 0 };

  /** The text of every WARN line logged since the test began. */
  const warnings = () =>
    warn.mock.calls.map((args: unknown[]) =>
      args.filter((arg) => typeof arg === 'string').join(' '),
    );

  /** Every view says on, both WARN lines were logged, and instabook answers 500. */
  async function expectOutage(): Promise<void> {
    expect(await views()).toEqual(ON);
    expect(warnings()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Scenario cache-token-auth switched on'),
        expect.stringContaining('API token authentication disabled'),
      ]),
    );
    const res = await book();
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'Internal service authentication failure' });
  }

  it('starts off, token auth on, and bookings succeed', async () => {
    expect(await views()).toEqual(OFF);
    await book().expect(201);
  });

  it('switched on through the API: token auth off, instabook 500; off again: bookings succeed', async () => {
    const on = await cacheHttp().put(SCENARIO).send({ enabled: true }).expect(200);
    expect(on.body).toMatchObject({ name: 'cache-token-auth', enabled: true, params: {} });
    await expectOutage();

    await cacheHttp().put(SCENARIO).send({ enabled: false }).expect(200);
    expect(await views()).toEqual(OFF);
    expect(warnings()).toContainEqual(
      expect.stringContaining('Scenario cache-token-auth switched off'),
    );
    await book().expect(201);
  });

  it('switched through the page: the scenario follows, with the same log lines and gauges', async () => {
    expect((await cacheHttp().post('/admin/token').expect(200)).body).toEqual({ enabled: false });
    await expectOutage();

    // and the other way back: the API switches off what the page switched on
    await cacheHttp().put(SCENARIO).send({ enabled: false }).expect(200);
    expect(await views()).toEqual(OFF);
    await book().expect(201);
    expect((await cacheHttp().post('/admin/token').expect(200)).body).toEqual({ enabled: false });
    expect((await cacheHttp().post('/admin/token').expect(200)).body).toEqual({ enabled: true });
    expect(await views()).toEqual(OFF);
    expect(warnings()).toContainEqual(
      expect.stringContaining('Scenario cache-token-auth switched off'),
    );
  });

  it('switching on twice keeps one state, and takes no params', async () => {
    await cacheHttp().put(SCENARIO).send({ enabled: true }).expect(200);
    await cacheHttp().put(SCENARIO).send({ enabled: true }).expect(200);
    expect(await views()).toEqual(ON);
    await cacheHttp().put(SCENARIO).send({ enabled: false }).expect(200);
    expect(await views()).toEqual(OFF);
    const res = await cacheHttp()
      .put(SCENARIO)
      .send({ enabled: true, params: { minutes: 1 } })
      .expect(400);
    expect(res.body.error).toContain('minutes');
    expect(await views()).toEqual(OFF);
  });
});

describe('scenario cache-token-auth from SCENARIOS at start (e2e)', () => {
  let cache: INestApplication;

  beforeAll(async () => {
    cache = await createE2eApp(await APP_MODULES['instabook-cache'](), {
      service: { shutdownDrainMs: 0, scenarios: 'cache-token-auth' },
    });
  });

  afterAll(async () => {
    await cache.close();
  });

  it('starts with token auth off, every view agreeing, and the page switches it back', async () => {
    const http = () => request(cache.getHttpServer());
    const metrics = async () => (await http().get('/metrics').expect(200)).text;
    expect((await http().get('/admin/token').expect(200)).body).toEqual({ enabled: false });
    expect((await http().get(SCENARIO).expect(200)).body.enabled).toBe(true);
    expect(metricValue(await metrics(), 'instabook_cache_token_auth_enabled')).toBe(0);
    const refused = await http().get('/cache/session/x').set('Authorization', 'Bearer x');
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ error: 'API token authentication is disabled' });

    expect((await http().post('/admin/token').expect(200)).body).toEqual({ enabled: true });
    expect((await http().get(SCENARIO).expect(200)).body.enabled).toBe(false);
    const page = await metrics();
    expect(metricValue(page, 'instabook_cache_token_auth_enabled')).toBe(1);
    expect(metricValue(page, 'demo_scenario_enabled', { scenario: 'cache-token-auth' })).toBe(0);
  });
});

describe('the token toggle with ADMIN_TOKEN set (e2e)', () => {
  const ADMIN_TOKEN = 'admin-token-for-the-toggle';
  let cache: INestApplication;

  beforeAll(async () => {
    cache = await createE2eApp(await APP_MODULES['instabook-cache'](), {
      service: { shutdownDrainMs: 0, adminToken: ADMIN_TOKEN },
    });
  });

  afterAll(async () => {
    await cache.close();
  });

  it('needs the admin token to switch, like the scenario routes; reading stays open', async () => {
    const http = () => request(cache.getHttpServer());
    const toggle = () => http().post('/admin/token');
    expect((await toggle().expect(401)).body).toEqual({ error: 'Admin token required' });
    expect((await toggle().set('Authorization', 'Bearer nope').expect(401)).body).toEqual({
      error: 'Invalid admin token',
    });
    expect((await http().get('/admin/token').expect(200)).body).toEqual({ enabled: true });
    const auth = `Bearer ${ADMIN_TOKEN}`;
    expect((await toggle().set('Authorization', auth).expect(200)).body).toEqual({
      enabled: false,
    });
    expect((await http().get(SCENARIO).set('Authorization', auth).expect(200)).body.enabled).toBe(
      true,
    );
    expect((await toggle().set('Authorization', auth).expect(200)).body).toEqual({
      enabled: true,
    });
  });
});
