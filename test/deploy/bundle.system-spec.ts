/**
 * The bundles the container images ship (scripts/bundle.mjs → dist/bundle/<service>/), run
 * for real: each is copied to a temp folder outside the repo, where no node_modules can be
 * found, and the nine are started together with plain Node, wired to each other the way
 * docker-compose wires the containers. If a bundle still needed a package from node_modules
 * (a dev dependency, or a require() esbuild could not follow), it would fail here.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { SERVICE_NAMES, ServiceName, TOPOLOGY, environment, heapLimitFlag } from '@app/config';
import {
  ROOT,
  RunningProcess,
  TEST_ENV,
  freePorts,
  getJson,
  metricValue,
  waitFor,
} from '../support/processes';

const execFileAsync = promisify(execFile);

/** The budget of docker/Dockerfile's app layers (the issue's ≤ 15 MB), applied to the bundle. */
const BUDGET_BYTES = 15 * 1024 * 1024;
/** Long enough to see readiness turn 503 after SIGTERM, short enough for a quick test. */
const DRAIN_MS = 800;

/** Each service's own metric names (docs/METRICS.md), beside the uniform HTTP ones. */
const SERVICE_METRICS: Record<ServiceName, string[]> = {
  gateway: ['request_count'],
  'product-catalog': ['product_catalog_request_count', 'product_catalog_response_time'],
  'currency-service': ['currency_request_count', 'currency_request_latency_seconds'],
  'ad-service': ['ad_service_request_count', 'ad_service_response_time'],
  'checkout-service': ['checkout_request_count', 'checkout_request_latency_seconds'],
  'instabook-cache': ['instabook_cache_request_count', 'instabook_cache_response_time'],
  instabook: ['instabook_request_count', 'instabook_response_time', 'instabook_cache_errors'],
  'load-generator': ['load_generator_request_count', 'load_generator_request_latency_seconds'],
  'load-generator-instabook': [
    'load_generator_instabook_request_count',
    'load_generator_instabook_request_latency_seconds',
  ],
};

function folderSize(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + folderSize(join(path, name)), 0);
}

/** The packages scripts/bundle.mjs leaves external on purpose, read from the script itself. */
function declaredExternals(): string[] {
  const source = readFileSync(join(ROOT, 'scripts', 'bundle.mjs'), 'utf8');
  const list = /LAZY_OPTIONAL_PACKAGES = \[([\s\S]*?)\];/.exec(source);
  if (!list) throw new Error('LAZY_OPTIONAL_PACKAGES not found in scripts/bundle.mjs');
  return [...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

/** Runs the bundle's healthcheck.js as the image's HEALTHCHECK does, with the given env. */
function healthcheck(dir: string, env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, [join(dir, 'healthcheck.js'), ...args], {
    cwd: dir,
    env: { PATH: environment().PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 10_000,
  });
}

describe('service bundles (what the images ship) run without node_modules', () => {
  let work: string;
  let bundleOutput: string;
  const ports = {} as Record<ServiceName, number>;
  const running = new Map<ServiceName, RunningProcess>();
  const dirOf = (name: ServiceName) => join(work, name);
  const url = (name: ServiceName, path: string) => `http://127.0.0.1:${ports[name]}${path}`;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'apps', 'gateway', 'src', 'main.js'))) {
      throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    }
    const bundled = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--all'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    bundleOutput = `${bundled.stdout}${bundled.stderr}`;
    if (bundled.status !== 0) throw new Error(`bundle.mjs --all failed:\n${bundleOutput}`);

    work = mkdtempSync(join(tmpdir(), 'bundle-spec-'));
    const fromRoot = relative(ROOT, work);
    if (!fromRoot.startsWith('..') && !isAbsolute(fromRoot)) {
      throw new Error(`${work} is inside the repo; the bundles must run away from node_modules`);
    }
    for (const name of SERVICE_NAMES) {
      cpSync(join(ROOT, 'dist', 'bundle', name), dirOf(name), { recursive: true });
    }

    const free = await freePorts(SERVICE_NAMES.length);
    SERVICE_NAMES.forEach((name, i) => (ports[name] = free[i]));
    for (const name of SERVICE_NAMES) {
      const spec = TOPOLOGY[name];
      const downstreams = Object.fromEntries(
        Object.entries(spec.downstreams).map(([env, target]) => [
          env,
          `http://127.0.0.1:${ports[target]}`,
        ]),
      );
      running.set(
        name,
        new RunningProcess(
          spawn(process.execPath, ['main.js'], {
            cwd: dirOf(name),
            // a clean env: no NODE_PATH or NODE_OPTIONS from the test runner can help the bundle
            env: {
              PATH: environment().PATH ?? '',
              HOME: work,
              ...TEST_ENV,
              NODE_ENV: 'production',
              SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
              [spec.portEnv]: String(ports[name]),
              ...downstreams,
              // the gateway's console reads all nine
              ...(name === 'gateway' && {
                CONSOLE_SERVICES: SERVICE_NAMES.map(
                  (service) => `${service}=http://127.0.0.1:${ports[service]}`,
                ).join(','),
              }),
            },
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe'],
          }),
        ),
      );
    }
    for (const name of SERVICE_NAMES) {
      const proc = running.get(name)!;
      await waitFor(
        `${name} (bundle) to answer /health`,
        async () => {
          if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
            throw new Error(`${name} exited early:\n${proc.output()}`);
          }
          return (await getJson(url(name, '/health'))).status === 200;
        },
        30_000,
      );
    }
  }, 180_000);

  afterAll(async () => {
    for (const proc of running.values()) await proc.kill();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 30_000);

  it('the temp folder cannot reach any node_modules', () => {
    const requireThere = createRequire(join(work, 'gateway', 'main.js'));
    expect(() => requireThere.resolve('@nestjs/core')).toThrow(/Cannot find module/);
  });

  it('every bundle is ASCII, within the size budget and needs only Node built-ins at load', () => {
    const allowed = new Set([...declaredExternals(), '@nestjs/swagger']);
    const builtins = new Set(builtinModules);
    const sizes: string[] = [];
    for (const name of SERVICE_NAMES) {
      const dir = dirOf(name);
      const files = readdirSync(dir).sort();
      expect(files).toEqual(
        name === 'instabook-cache' || name === 'gateway'
          ? ['healthcheck.js', 'main.js', 'public', 'service.js', 'service.js.cache', 'swagger-ui']
          : ['healthcheck.js', 'main.js', 'service.js', 'service.js.cache', 'swagger-ui'],
      );
      const bytes = folderSize(dir);
      sizes.push(`${name.padEnd(26)} ${(bytes / 1024 / 1024).toFixed(2)} MB`);
      expect(bytes).toBeLessThanOrEqual(BUDGET_BYTES);

      // Every require() left in the bundle is a Node built-in or one of the optional packages
      // Nest loads lazily (guarded, and never reached here, as the running services prove).
      const code = readFileSync(join(dir, 'service.js'), 'utf8');
      // one non-ASCII character would make V8 hold the whole source as a two-byte string
      // eslint-disable-next-line no-control-regex
      expect(code.match(/[^\x00-\x7f]/g) ?? []).toEqual([]);
      const required = [...code.matchAll(/require\("([^"]+)"\)/g)]
        .map((m) => m[1])
        .filter((id) => !id.startsWith('node:') && !builtins.has(id));
      expect([...new Set(required)].filter((id) => !allowed.has(id))).toEqual([]);
    }
    expect(readdirSync(join(dirOf('instabook-cache'), 'public')).sort()).toEqual([
      'admin.css',
      'admin.js',
      'index.html',
    ]);
    expect(readdirSync(join(dirOf('gateway'), 'public')).sort()).toEqual([
      'console.css',
      'console.js',
      'index.html',
    ]);
    expect(readdirSync(join(dirOf('gateway'), 'swagger-ui')).sort()).toEqual([
      'favicon-16x16.png',
      'favicon-32x32.png',
      'swagger-ui-bundle.js',
      'swagger-ui-standalone-preset.js',
      'swagger-ui.css',
    ]);
    console.log(`bundle.mjs --all:\n${bundleOutput}\nbundle folders:\n${sizes.join('\n')}`);
  });

  it('V8 takes each code cache under the shipped heap flags and refuses it under others', async () => {
    // the services of this file run without NODE_OPTIONS, so they prove the refused path works.
    // Asynchronous on purpose: a synchronous child would block this process for seconds, while
    // the services close the idle keep-alive sockets fetch still holds in its pool
    const check = async (name: ServiceName, flags: string[]) =>
      (
        await execFileAsync(process.execPath, [...flags, 'main.js'], {
          cwd: dirOf(name),
          env: { PATH: environment().PATH ?? '', CODE_CACHE_CHECK: '1' },
          encoding: 'utf8',
        })
      ).stdout.trim();
    for (const name of SERVICE_NAMES) {
      expect([name, await check(name, heapLimitFlag().split(' '))]).toEqual([name, 'used']);
    }
    expect(await check('gateway', [])).toBe('refused');
  }, 60_000);

  it.each(SERVICE_NAMES)(
    '%s: /health, probes, documented metrics and healthcheck.js',
    async (name) => {
      expect(await getJson(url(name, '/health'))).toEqual({ status: 200, body: { status: 'UP' } });
      expect((await getJson(url(name, '/healthz/live'))).status).toBe(200);
      expect((await getJson(url(name, '/healthz/ready'))).status).toBe(200);

      const metrics = await (await fetch(url(name, '/metrics'))).text();
      for (const metric of [
        'http_requests_total',
        'http_request_duration_seconds',
        'process_cpu_user_seconds_total',
        ...SERVICE_METRICS[name],
      ]) {
        expect(metrics).toMatch(new RegExp(`^# TYPE ${metric} (counter|histogram|gauge)$`, 'm'));
      }

      // the image's env: APP and PORT (the load generators' METRICS_PORT wins, as in the app)
      const env = { APP: name, [TOPOLOGY[name].portEnv]: String(ports[name]) };
      const healthy = healthcheck(dirOf(name), env);
      expect({ status: healthy.status, stderr: healthy.stderr }).toEqual({ status: 0, stderr: '' });
    },
    15_000,
  );

  it('healthcheck.js exits 1 when nothing listens, or without a port', async () => {
    const [nobody] = await freePorts(1);
    const down = healthcheck(dirOf('gateway'), { PORT: String(nobody) });
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(/GET \/health on port \d+ failed: .*ECONNREFUSED/);
    const noPort = healthcheck(dirOf('gateway'), {});
    expect(noPort.status).toBe(1);
    expect(noPort.stderr).toMatch(/no port/);
  });

  it('every bundle serves its API docs, and /docs serves only the Swagger UI files', async () => {
    for (const name of SERVICE_NAMES) {
      const document = await getJson(url(name, '/docs-json'));
      expect([name, document.status, document.body.info?.title]).toEqual([name, 200, name]);
      expect(Object.keys(document.body.paths)).toContain('/health');
      const ui = await fetch(url(name, '/docs'));
      expect([name, ui.status, await ui.text()]).toEqual([
        name,
        200,
        expect.stringContaining('swagger-ui-bundle.js'),
      ]);
      const asset = await fetch(url(name, '/docs/swagger-ui-bundle.js'));
      expect([name, asset.status]).toEqual([name, 200]);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
      // the bundle's own files sit one folder up: /docs must not reach them
      for (const file of ['service.js', 'main.js', 'healthcheck.js', '..%2fservice.js']) {
        expect([name, file, (await fetch(url(name, `/docs/${file}`))).status]).toEqual([
          name,
          file,
          404,
        ]);
      }
    }
  });

  it('real routes work across the bundled services', async () => {
    expect(await getJson(url('product-catalog', '/product/1'))).toMatchObject({
      status: 200,
      body: { id: 1, name: 'Smartphone Model X', price: 699.99 },
    });
    expect(await getJson(url('currency-service', '/convert?from=USD&to=EUR&amount=10'))).toEqual({
      status: 200,
      body: { from: 'USD', to: 'EUR', rate: 0.85, amount: 10, converted: 8.5 },
    });
    expect(await getJson(url('ad-service', '/ad/ad6'))).toMatchObject({
      status: 200,
      body: { id: 'ad6', category: 'General' },
    });

    // the OpenTelemetry SDK works inside the bundle: the caller's trace reaches a downstream
    const traceId = '5bf92f3577b34da6a3ce929d0e0e4737';
    const shop = await getJson(url('gateway', '/products?currency=EUR'), {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(shop.status).toBe(200);
    const catalogLine = await waitFor('product-catalog to log the traced request', () =>
      running.get('product-catalog')!.lines.find((line) => line.includes(traceId)),
    );
    expect(JSON.parse(catalogLine)).toMatchObject({
      trace_id: traceId,
      span_id: expect.not.stringMatching(/^00f067aa0ba902b7$/),
    });
    expect(shop.body.products).toHaveLength(5);
    expect(shop.body.products[0]).toMatchObject({ id: 1, price: 594.99, currency: 'EUR' });
    expect(shop.body.ads.length).toBeGreaterThan(0);

    const order = await getJson(url('gateway', '/checkout'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        user_id: 'user-1',
        user_currency: 'USD',
        address: { street: '123 Main St', city: 'New York', country: 'USA', zip: '10001' },
        email: 'user1@example.com',
        items: [{ product_id: 5, quantity: 2 }],
      }),
    });
    expect(order).toMatchObject({ status: 200, body: { total: 159.98, status: 'PROCESSED' } });
    expect(await getJson(url('gateway', `/order/${order.body.order_id}`))).toMatchObject({
      status: 200,
      body: { order_id: order.body.order_id, user_id: 'user-1' },
    });

    const session = {
      id: 'bundle-1',
      user_id: 'user-1',
      booking_id: 'BK-0000BEEF',
      status: 'pending',
      data: 'x',
    };
    const created = await getJson(url('instabook', '/booking/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(session),
    });
    expect(created).toMatchObject({ status: 201, body: session });
    expect(await getJson(url('instabook', '/booking/session/bundle-1'))).toMatchObject({
      status: 200,
      body: session,
    });

    // the admin page comes from the bundle's public/ folder (join(__dirname, 'public'))
    const page = await fetch(url('instabook-cache', '/admin'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<title>instabook-cache admin</title>');
    expect((await fetch(url('instabook-cache', '/admin/admin.js'))).status).toBe(200);
    expect(await getJson(url('instabook-cache', '/admin/token'))).toEqual({
      status: 200,
      body: { enabled: true },
    });

    // so does the gateway's console, whose API reads the other bundled services
    const consolePage = await fetch(url('gateway', '/console'));
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toContain('<title>Demo console</title>');
    expect((await fetch(url('gateway', '/console/console.js'))).status).toBe(200);
    const overview = await getJson(url('gateway', '/console/api/services'));
    expect(overview.status).toBe(200);
    expect(
      overview.body.services.map((service: { name: string; up: boolean }) => [
        service.name,
        service.up,
      ]),
    ).toEqual(SERVICE_NAMES.map((name) => [name, true]));
  }, 20_000);

  it('the bundled load generators drive traffic through the bundled services', async () => {
    await waitFor(
      'the shop load generator to count a 200',
      async () => {
        const text = await (await fetch(url('load-generator', '/metrics'))).text();
        return metricValue(text, 'load_generator_request_count', { status: '200' }) > 0;
      },
      20_000,
      200,
    );
    await waitFor(
      'the booking load generator to count a 201',
      async () => {
        const text = await (await fetch(url('load-generator-instabook', '/metrics'))).text();
        return metricValue(text, 'load_generator_instabook_request_count', { status: '201' }) > 0;
      },
      20_000,
      200,
    );
  }, 45_000);

  it('SIGTERM: readiness turns 503, then every bundle exits 0 within a few seconds', async () => {
    await Promise.all(
      SERVICE_NAMES.map(async (name) => {
        const proc = running.get(name)!;
        const asked = Date.now();
        proc.child.kill('SIGTERM');
        await waitFor(
          `${name} readiness to turn 503`,
          async () => (await getJson(url(name, '/healthz/ready'))).status === 503,
          DRAIN_MS,
          50,
        );
        expect(await proc.exited).toEqual({ code: 0, signal: null });
        expect(Date.now() - asked).toBeLessThan(DRAIN_MS + 4_000);
      }),
    );
  }, 20_000);
});
