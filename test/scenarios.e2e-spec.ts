import { Logger, type INestApplication } from '@nestjs/common';
import { register } from 'prom-client';
import request from 'supertest';
import { SERVICE_NAMES, ServiceName, TOPOLOGY } from '@app/config';
import { INJECTED_FAILURE_MESSAGE } from '@app/core';
import { createE2eApp, metricValue } from '@app/testing';
import { APP_MODULES, NOWHERE_TARGETS } from './support/app-modules';

/**
 * The switch of docs/SCENARIOS.md on every service, and the four scenarios CoreModule gives
 * them: each switched on through the API, its symptom measured from outside, switched off,
 * and the service back to what it answered before.
 */

/** A route of each service that answers without a downstream, and what it answers. */
const PROBE: Partial<Record<ServiceName, { method: 'get' | 'post'; path: string }>> = {
  gateway: { method: 'get', path: '/' },
  'product-catalog': { method: 'get', path: '/product/1' },
  'currency-service': { method: 'get', path: '/rates' },
  'ad-service': { method: 'get', path: '/ads?product_ids=1' },
  'checkout-service': { method: 'get', path: '/' },
  'instabook-cache': { method: 'get', path: '/cache/session/x' },
  instabook: { method: 'post', path: '/booking/session' },
};

const PER_REQUEST = ['latency', 'error-rate', 'event-loop-block'];

describe.each(SERVICE_NAMES)('%s scenarios', (service) => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const put = (name: string, body: unknown) =>
    http()
      .put(`/admin/scenarios/${name}`)
      .set('content-type', 'application/json')
      .send(JSON.stringify(body));

  beforeAll(async () => {
    app = await createE2eApp(await APP_MODULES[service](), { config: NOWHERE_TARGETS });
  });

  afterAll(async () => {
    await app.close();
    register.clear();
  });

  const isService = TOPOLOGY[service].kind === 'service';

  it('lists its scenarios, all off, each exported at 0', async () => {
    const res = await http().get('/admin/scenarios').expect(200);
    expect(res.body.service).toBe(service);
    const names = (res.body.scenarios as { name: string }[]).map((scenario) => scenario.name);
    expect(names).toEqual(
      expect.arrayContaining(['readiness-fail', ...(isService ? PER_REQUEST : [])]),
    );
    if (!isService) for (const name of PER_REQUEST) expect(names).not.toContain(name);
    const metrics = (await http().get('/metrics').expect(200)).text;
    for (const scenario of res.body.scenarios as {
      name: string;
      enabled: boolean;
      description: string;
    }[]) {
      expect(scenario.enabled).toBe(false);
      expect(scenario.description.length).toBeGreaterThan(10);
      expect(metricValue(metrics, 'demo_scenario_enabled', { scenario: scenario.name })).toBe(0);
    }
  });

  it('answers an unknown scenario with 404 and a bad switch with 400 naming the problem', async () => {
    expect((await put('no-such', { enabled: true }).expect(404)).body).toEqual({
      error: 'Scenario no-such not found',
    });
    expect((await http().get('/admin/scenarios/no-such').expect(404)).body).toEqual({
      error: 'Scenario no-such not found',
    });
    expect((await put('readiness-fail', { enabled: 'yes' }).expect(400)).body).toEqual({
      error: 'enabled must be true or false',
    });
    for (const params of [[], null, 'ms=1', 3])
      expect((await put('readiness-fail', { enabled: false, params }).expect(400)).body).toEqual({
        error: 'params must be a JSON object',
      });
    expect(
      (await put('readiness-fail', { enabled: true, params: { x: 1 } }).expect(400)).body,
    ).toEqual({
      error: 'Scenario readiness-fail has no param x (it takes no params)',
    });
    // nothing of a refused switch was applied
    expect((await http().get('/admin/scenarios/readiness-fail').expect(200)).body.enabled).toBe(
      false,
    );
    await http().get('/healthz/ready').expect(200);
  });

  it('readiness-fail: readiness 503 while liveness stays 200, logged once as WARN; off → ready again', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const on = await put('readiness-fail', { enabled: true }).expect(200);
      expect(on.body).toMatchObject({ name: 'readiness-fail', enabled: true, params: {} });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]).toEqual([
        { scenario: 'readiness-fail', enabled: true, params: {} },
        'Scenario readiness-fail switched on',
      ]);
      expect((await http().get('/healthz/ready').expect(503)).body).toEqual({
        error: 'Health check failed: lifecycle',
      });
      await http().get('/healthz/live').expect(200);
      await http().get('/health').expect(200);
      const metrics = (await http().get('/metrics')).text;
      expect(metricValue(metrics, 'demo_scenario_enabled', { scenario: 'readiness-fail' })).toBe(1);

      await put('readiness-fail', { enabled: false }).expect(200);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(warn.mock.calls[1][1]).toBe('Scenario readiness-fail switched off');
      await http().get('/healthz/ready').expect(200);
      const after = (await http().get('/metrics')).text;
      expect(metricValue(after, 'demo_scenario_enabled', { scenario: 'readiness-fail' })).toBe(0);
    } finally {
      warn.mockRestore();
    }
  });

  const probe = PROBE[service];
  if (!isService || !probe) return;
  const send = () => (probe.method === 'get' ? http().get(probe.path) : http().post(probe.path));
  const timed = async () => {
    const started = performance.now();
    const res = await send();
    return { status: res.status, body: res.body as unknown, ms: performance.now() - started };
  };

  it('latency: every request waits ms, the switches themselves do not; off → prompt again', async () => {
    const before = await timed();
    await put('latency', { enabled: true, params: { ms: 600 } }).expect(200);
    const slow = await timed();
    expect(slow.ms).toBeGreaterThanOrEqual(595);
    expect([slow.status, slow.body]).toEqual([before.status, before.body]);
    // probes, scrapes and the switch are left alone
    const started = performance.now();
    await http().get('/health').expect(200);
    await http().get('/metrics').expect(200);
    await put('latency', { enabled: true, params: { ms: 600, route: '/no-such-prefix' } }).expect(
      200,
    );
    expect(performance.now() - started).toBeLessThan(595);
    // another route prefix: this route is not slowed
    expect((await timed()).ms).toBeLessThan(595);
    await put('latency', { enabled: false }).expect(200);
    const after = await timed();
    expect(after.ms).toBeLessThan(595);
    expect([after.status, after.body]).toEqual([before.status, before.body]);
  });

  it('error-rate: a share of requests fails with the status and a findable message; off → as before', async () => {
    const before = await send();
    await put('error-rate', { enabled: true, params: { rate: 1, status: 503 } }).expect(200);
    for (let i = 0; i < 3; i++) {
      const res = await send().expect(503);
      expect(res.body).toEqual({ error: INJECTED_FAILURE_MESSAGE });
    }
    const metrics = (await http().get('/metrics').expect(200)).text;
    expect(metricValue(metrics, 'demo_scenario_enabled', { scenario: 'error-rate' })).toBe(1);
    // rate 0.5: over 40 requests both outcomes occur (each all-one-way run has p = 2^-40)
    await put('error-rate', { enabled: true, params: { rate: 0.5 } }).expect(200);
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++) statuses.add((await send()).status);
    expect(statuses).toEqual(new Set([500, before.status]));
    await put('error-rate', { enabled: false }).expect(200);
    const after = await send();
    expect([after.status, after.body]).toEqual([before.status, before.body]);
  });

  it('event-loop-block: requests no longer overlap and event-loop lag spikes; off → they overlap again', async () => {
    const threeAtOnce = async () => {
      const started = performance.now();
      await Promise.all([send(), send(), send()]);
      return performance.now() - started;
    };
    // control: a wait that does not block overlaps across concurrent requests
    await put('latency', { enabled: true, params: { ms: 400 } }).expect(200);
    expect(await threeAtOnce()).toBeLessThan(800);
    await put('latency', { enabled: false }).expect(200);

    await put('event-loop-block', { enabled: true, params: { ms: 400 } }).expect(200);
    await http().get('/metrics'); // prom-client's lag histogram starts over at each scrape
    expect(await threeAtOnce()).toBeGreaterThanOrEqual(1195);
    const metrics = (await http().get('/metrics')).text;
    expect(metricValue(metrics, 'nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0.39);

    await put('event-loop-block', { enabled: false }).expect(200);
    await http().get('/metrics');
    expect(await threeAtOnce()).toBeLessThan(1195);
    const calm = (await http().get('/metrics')).text;
    expect(metricValue(calm, 'nodejs_eventloop_lag_max_seconds')).toBeLessThan(0.39);
  });
});

describe('ADMIN_TOKEN', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createE2eApp(await APP_MODULES['currency-service'](), {
      service: { adminToken: 'admin-secret-1' },
    });
  });

  afterAll(async () => {
    await app.close();
    register.clear();
  });

  it('guards every scenario route with the Bearer token when set', async () => {
    expect((await http().get('/admin/scenarios').expect(401)).body).toEqual({
      error: 'Admin token required',
    });
    expect(
      (
        await http()
          .put('/admin/scenarios/latency')
          .set('authorization', 'Bearer wrong')
          .send({ enabled: true })
          .expect(401)
      ).body,
    ).toEqual({ error: 'Invalid admin token' });
    await http().get('/admin/scenarios/latency').set('authorization', 'Basic YWRtaW4=').expect(401);
    const ok = await http()
      .put('/admin/scenarios/latency')
      .set('authorization', 'Bearer admin-secret-1')
      .send({ enabled: true, params: { ms: 1 } })
      .expect(200);
    expect(ok.body.enabled).toBe(true);
    await http().get('/admin/scenarios').set('authorization', 'bearer admin-secret-1').expect(200);
    // the service's API is not behind it
    await http().get('/rates').expect(200);
  });
});
