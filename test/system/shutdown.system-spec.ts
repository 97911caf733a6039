import { SERVICE_NAMES, TOPOLOGY } from '@app/config';
import { startHttpServer } from '@app/testing';
import { freePorts, getJson, startDemo, startNode, waitFor } from '../support/processes';

describe('graceful shutdown', () => {
  it.each(SERVICE_NAMES)(
    '%s: SIGTERM turns readiness 503, then exits 0 within a few seconds',
    async (name) => {
      const [port] = await freePorts(1);
      const service = startNode(`dist/apps/${name}/src/main.js`, [], {
        [TOPOLOGY[name].portEnv]: String(port),
        SHUTDOWN_DRAIN_MS: '3000',
      });
      try {
        const url = (path: string) => `http://127.0.0.1:${port}${path}`;
        await waitFor(
          `${name} to be ready`,
          async () => (await getJson(url('/healthz/ready'))).status === 200,
        );
        const stopAsked = Date.now();
        service.child.kill('SIGTERM');
        const ready = await waitFor(
          'readiness to turn 503',
          async () => {
            const res = await getJson(url('/healthz/ready'));
            return res.status === 503 ? res : undefined;
          },
          2_500,
          50,
        );
        expect(ready.body).toEqual({ error: expect.stringContaining('lifecycle') });
        expect(await service.exited).toEqual({ code: 0, signal: null });
        expect(Date.now() - stopAsked).toBeLessThan(5_000);
      } finally {
        await service.kill();
      }
    },
    20_000,
  );

  it('lets an in-flight request complete during the drain', async () => {
    const slowCatalog = await startHttpServer((app) => {
      app.get('/products', (_req, res) => {
        setTimeout(() => res.json([]), 800);
      });
    });
    const [port] = await freePorts(1);
    const gateway = startNode('dist/apps/gateway/src/main.js', [], {
      PORT: String(port),
      PRODUCT_CATALOG_SERVICE: slowCatalog.url,
      SHUTDOWN_DRAIN_MS: '1000',
    });
    try {
      await waitFor(
        'gateway to be ready',
        async () => (await getJson(`http://127.0.0.1:${port}/health`)).status === 200,
      );
      const inFlight = getJson(`http://127.0.0.1:${port}/products`);
      await waitFor('the request to reach the catalog', () => slowCatalog.requests.length > 0);
      gateway.child.kill('SIGTERM');
      expect(await inFlight).toEqual({ status: 200, body: { products: [], ads: [] } });
      expect(await gateway.exited).toEqual({ code: 0, signal: null });
    } finally {
      await gateway.kill();
      await slowCatalog.close();
    }
  }, 20_000);

  it('Ctrl-C on the runner stops every service and leaves no process behind', async () => {
    const demo = await startDemo(['product-catalog', 'currency-service', 'instabook-cache']);
    try {
      await demo.process.waitForLine(/All 3 services are healthy/, 30_000);
      demo.process.signalGroup('SIGINT');
      await demo.process.exited;
      await waitFor('every process of the group to exit', () => !demo.process.groupAlive(), 8_000);
      for (const name of ['product-catalog', 'currency-service', 'instabook-cache'] as const) {
        await expect(fetch(demo.url(name, '/health'))).rejects.toThrow();
        // a clean stop, not death by a second SIGINT in the middle of the drain
        expect(demo.process.lines).toContainEqual(
          expect.stringMatching(new RegExp(`^\\[${name}\\]\\s+.*exited with code 0$`)),
        );
      }
    } finally {
      await demo.process.kill();
    }
  }, 40_000);

  it('names the port when it is already taken', async () => {
    const squatter = await startHttpServer(() => undefined);
    const port = new URL(squatter.url).port;
    try {
      const runner = startNode(
        'dist/scripts/start-all.js',
        ['--port', `currency-service=${port}`, 'currency-service'],
        {},
      );
      expect((await runner.exited).code).toBe(1);
      expect(runner.output()).toContain(`port ${port} (currency-service) is already in use`);
    } finally {
      await squatter.close();
    }
  }, 20_000);

  it('a service started on a taken port says which port and exits 1', async () => {
    const squatter = await startHttpServer(() => undefined);
    const port = new URL(squatter.url).port;
    try {
      const service = startNode('dist/apps/currency-service/src/main.js', [], { PORT: port });
      expect((await service.exited).code).toBe(1);
      expect(service.output()).toContain(`Port ${port} is already in use`);
    } finally {
      await squatter.close();
    }
  }, 20_000);

  it('a malformed env variable stops the service at boot, naming the variable', async () => {
    const service = startNode('dist/apps/instabook/src/main.js', [], {
      INSTABOOK_CACHE_SERVICE: 'not a url',
    });
    expect((await service.exited).code).toBe(1);
    expect(service.output()).toContain('INSTABOOK_CACHE_SERVICE="not a url" is invalid');
  }, 20_000);
});
