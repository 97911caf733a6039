import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { refusedUrl, sleep } from '@app/testing';
import {
  JsonAnswer,
  ServiceProcess,
  freePorts,
  getJson,
  getText,
  metricValue,
  startDemo,
  startNode,
  waitFor,
} from '../support/processes';

/**
 * The scenarios that kill or bloat a process (docs/SCENARIOS.md), on real built processes:
 * what only a real process shows — its RSS, its exit code and stderr, the runner's restart,
 * and `SCENARIOS` read at start.
 */

const MIB = 1024 * 1024;

function put(url: string, body: unknown): Promise<JsonAnswer> {
  return getJson(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function rssOf(service: ServiceProcess): Promise<number> {
  return metricValue(await getText(service.url('/metrics')), 'process_resident_memory_bytes');
}

const CHECKOUT = JSON.stringify({
  user_id: 'user-1',
  user_currency: 'EUR',
  address: { street: '1 Main St', city: 'Springfield', country: 'USA', zip: '12345' },
  email: 'user1@example.com',
  items: [{ product_id: 1, quantity: 1 }],
});

async function checkouts(service: ServiceProcess, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    // product-catalog is down (a refused URL): each answers 500 fast, after the leak took its share
    const { status } = await getJson(service.url('/process'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: CHECKOUT,
    });
    expect(status).toBe(500);
  }
}

describe('scenarios that kill or bloat a process', () => {
  it('memory-leak: RSS climbs by what the checkouts keep, up to max_mb, and falls when off', async () => {
    const [port] = await freePorts(1);
    const catalog = await refusedUrl();
    const checkout = new ServiceProcess('checkout-service', port, {
      PRODUCT_CATALOG_SERVICE: catalog,
      CURRENCY_SERVICE: catalog,
    });
    await checkout.start();
    try {
      const scenario = checkout.url('/admin/scenarios/memory-leak');
      await checkouts(checkout, 3); // warm: the first requests allocate for good anyway
      const idle = await rssOf(checkout);

      // 40 checkouts × 4 MiB = 160 MiB, kept outside the V8 heap
      const on = await put(scenario, { enabled: true, params: { kb_per_request: 4096 } });
      expect(on.body).toMatchObject({ enabled: true, params: { kb_per_request: 4096 } });
      await checkouts(checkout, 40);
      const leaking = await rssOf(checkout);
      expect(leaking - idle).toBeGreaterThan(150 * MIB);
      expect(leaking - idle).toBeLessThan(200 * MIB);

      // off: the memory is dropped, RSS back near where it was
      await put(scenario, { enabled: false });
      const released = await waitFor(
        'RSS to fall after memory-leak was switched off',
        async () => {
          const rss = await rssOf(checkout);
          return rss - idle < 30 * MIB ? rss : undefined;
        },
        5_000,
        100,
      );
      expect(leaking - released).toBeGreaterThan(130 * MIB);
      // the unmapping may still be under way at that first reading: measure the cap from an
      // RSS that has stopped falling (two readings 200 ms apart within 2 MiB)
      let previous = released;
      const settled = await waitFor(
        'RSS to settle after the release',
        async () => {
          await sleep(200);
          const rss = await rssOf(checkout);
          const steady = Math.abs(rss - previous) < 2 * MIB;
          previous = rss;
          return steady ? rss : undefined;
        },
        5_000,
        0,
      );

      // the cap: 20 × 4 MiB asked, 32 MiB kept
      await put(scenario, { enabled: true, params: { kb_per_request: 4096, max_mb: 32 } });
      await checkouts(checkout, 20);
      const capped = (await rssOf(checkout)) - settled;
      expect(capped).toBeGreaterThan(28 * MIB);
      expect(capped).toBeLessThan(50 * MIB);
      await put(scenario, { enabled: false });
    } catch (error) {
      throw new Error(`${String(error)}\n${checkout.output()}`);
    } finally {
      await checkout.kill();
    }
  }, 30_000);

  it('unhandled-rejection: the next request drops its connection, the process exits 1 with the stack on stderr', async () => {
    const [port] = await freePorts(1);
    const catalog = startNode('dist/apps/product-catalog/src/main.js', [], {
      PORT: String(port),
    });
    let stderr = '';
    catalog.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const url = (path: string) => `http://127.0.0.1:${port}${path}`;
      await waitFor(
        'product-catalog to be healthy',
        async () => (await getJson(url('/health'))).status === 200,
      );
      expect((await getJson(url('/products'))).status).toBe(200);
      expect(
        (await put(url('/admin/scenarios/unhandled-rejection'), { enabled: true })).body,
      ).toMatchObject({ name: 'unhandled-rejection', enabled: true });

      await expect(
        fetch(url('/product/1'), { signal: AbortSignal.timeout(5_000) }),
      ).rejects.toThrow('fetch failed');
      expect(await catalog.exited).toEqual({ code: 1, signal: null });
      expect(stderr).toContain(
        'Error: Catalog refresh failed (scenario unhandled-rejection): a promise nobody awaits rejected',
      );
      // the stack leads from the controller to the floating promise
      expect(stderr).toMatch(
        /at refreshCatalogInBackground \(.*unhandled-rejection\.scenario\.js:\d+/,
      );
      expect(stderr).toMatch(/at ProductsController\.get /);
    } finally {
      await catalog.kill();
    }
  }, 20_000);

  it('npm start restarts a service that crashed after it was healthy, with the scenario off again', async () => {
    // <SERVICE>_SCENARIOS reaches that service alone, at every start: a latency scenario on a
    // route nobody calls is harmless here
    const demo = await startDemo(['product-catalog'], {
      PRODUCT_CATALOG_SCENARIOS: 'latency:ms=1,route=/nowhere',
    });
    const fromEnv = { enabled: true, params: { ms: 1, jitter_ms: 0, route: '/nowhere' } };
    try {
      await demo.process.waitForLine(/All 1 services are healthy/, 20_000);
      const url = (path: string) => demo.url('product-catalog', path);
      expect((await getJson(url('/admin/scenarios/latency'))).body).toMatchObject(fromEnv);
      await put(url('/admin/scenarios/unhandled-rejection'), { enabled: true });
      await expect(
        fetch(url('/products'), { signal: AbortSignal.timeout(5_000) }),
      ).rejects.toThrow();

      await demo.process.waitForLine(
        /^start-all: product-catalog exited with code 1; restarting in 1 s \(restart #1\)$/,
        5_000,
      );
      await demo.process.waitForLine(
        /^start-all: product-catalog is healthy again after restart #1$/,
        20_000,
      );
      expect(await getJson(url('/health'))).toEqual({ status: 200, body: { status: 'UP' } });
      expect((await getJson(url('/admin/scenarios/unhandled-rejection'))).body).toMatchObject({
        enabled: false,
      });
      expect((await getJson(url('/admin/scenarios/latency'))).body).toMatchObject(fromEnv);
      expect((await getJson(url('/products'))).status).toBe(200);

      // Ctrl-C still stops the restarted service cleanly, and the run with exit 0
      demo.process.signalGroup('SIGINT');
      expect(await demo.process.exited).toEqual({ code: 0, signal: null });
    } finally {
      await demo.process.kill();
    }
  }, 40_000);

  it('npm start leaves a service down that was stopped cleanly (kill, exit 0), as the "service down" stories need', async () => {
    const demo = await startDemo(['product-catalog', 'currency-service']);
    try {
      await demo.process.waitForLine(/All 2 services are healthy/, 20_000);
      // the runner's children are the services themselves (`exec node …`)
      const children = execFileSync('pgrep', ['-P', String(demo.process.child.pid)], {
        encoding: 'utf8',
      })
        .split('\n')
        .filter(Boolean)
        .map(Number);
      const catalog = children.find((pid) =>
        readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('product-catalog'),
      );
      expect(catalog).toBeDefined();
      process.kill(catalog as number, 'SIGTERM');
      await demo.process.waitForLine(
        /^start-all: product-catalog stopped \(exit code 0\); not restarting what was stopped on purpose$/,
        15_000,
      );
      // longer than the first restart delay: it stays down, the other keeps serving
      await sleep(2_500);
      await expect(
        fetch(demo.url('product-catalog', '/health'), { signal: AbortSignal.timeout(2_000) }),
      ).rejects.toThrow();
      expect((await getJson(demo.url('currency-service', '/health'))).status).toBe(200);
      expect(demo.process.output()).not.toContain('restarting in');

      demo.process.signalGroup('SIGINT');
      expect(await demo.process.exited).toEqual({ code: 0, signal: null });
    } finally {
      await demo.process.kill();
    }
  }, 40_000);

  it('npm start still fails the whole run when a service cannot start at all', async () => {
    // checkout-service refuses ORDER_STORE_MAX at boot; currency-service (which does not read
    // it) comes up, and must be stopped again
    const demo = await startDemo(['currency-service', 'checkout-service'], {
      ORDER_STORE_MAX: 'lots',
    });
    try {
      const exit = await Promise.race([
        demo.process.exited,
        new Promise((resolve) => setTimeout(resolve, 30_000).unref()).then(
          () => 'still running after 30 s',
        ),
      ]);
      expect({ exit, output: demo.process.output() }).toMatchObject({
        exit: { code: 1, signal: null },
      });
      expect(demo.process.output()).toContain(
        'start-all: checkout-service exited with code 1 before it was healthy; stopping everything',
      );
      expect(demo.process.output()).not.toContain('restarting');
      await waitFor('every process of the group to exit', () => !demo.process.groupAlive(), 8_000);
    } finally {
      await demo.process.kill();
    }
  }, 40_000);

  describe('SCENARIOS at start', () => {
    it('switches the named scenarios on with their params', async () => {
      const [port] = await freePorts(1);
      const catalog = new ServiceProcess('product-catalog', port, {
        SCENARIOS: 'latency:ms=300;error-rate:rate=1,status=503',
      });
      await catalog.start();
      try {
        const { body } = await getJson(catalog.url('/admin/scenarios'));
        const byName = Object.fromEntries(
          (body.scenarios as { name: string }[]).map((state) => [state.name, state]),
        );
        expect(byName.latency).toMatchObject({ enabled: true, params: { ms: 300 } });
        expect(byName['error-rate']).toMatchObject({
          enabled: true,
          params: { rate: 1, status: 503 },
        });
        expect(byName['unhandled-rejection']).toMatchObject({ enabled: false });

        const asked = Date.now();
        expect(await getJson(catalog.url('/products'))).toEqual({
          status: 503,
          body: { error: 'Injected failure (scenario error-rate)' },
        });
        expect(Date.now() - asked).toBeGreaterThanOrEqual(290);
      } finally {
        await catalog.kill();
      }
    }, 20_000);

    it('refuses an unknown name, a param out of range or an unknown param: exit 1 with the message', async () => {
      const cases = [
        ['latency;no-such-scenario', 'Scenario no-such-scenario not found'],
        ['latency:ms=-1', 'Param ms of scenario latency must be an integer from 0 to 60000'],
        [
          'memory-leak:kb=1',
          'Scenario memory-leak has no param kb (its params: kb_per_request, max_mb)',
        ],
      ];
      const ports = await freePorts(cases.length);
      // side by side: each is a whole Node start-up
      const services = cases.map(([scenarios], i) =>
        startNode('dist/apps/checkout-service/src/main.js', [], {
          PORT: String(ports[i]),
          SCENARIOS: scenarios,
        }),
      );
      try {
        for (const [i, [, message]] of cases.entries()) {
          expect((await services[i].exited).code).toBe(1);
          expect(services[i].output()).toContain(
            `Invalid SCENARIOS for checkout-service: ${message}`,
          );
        }
      } finally {
        await Promise.all(services.map((service) => service.kill()));
      }
    }, 20_000);
  });
});
