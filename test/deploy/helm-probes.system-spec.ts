import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES, ServiceName, TOPOLOGY, isServiceName } from '@app/config';
import { ROOT, TEST_ENV, freePorts, getJson, startNode, waitFor } from '../support/processes';
import {
  K8sObject,
  containerOf,
  ofKind,
  renderChart,
  requireHelm,
  resolveEnv,
} from './helm-render';

/**
 * The probes of the rendered chart against the real apps: each Deployment's app is started
 * with the env the chart gives its container, and the kubelet's requests are replayed.
 */

interface Probe {
  httpGet: { path: string; port: string | number; scheme?: string };
  periodSeconds?: number;
  failureThreshold?: number;
}

const PROBES = ['startupProbe', 'livenessProbe', 'readinessProbe'] as const;

/**
 * Variables the apps read; those the chart does not set are blanked (the apps treat empty as
 * unset), so neither this machine's environment nor the test defaults of startNode leak in.
 */
const APP_ENV = [
  'PORT',
  'METRICS_PORT',
  'INSTABOOK_API_TOKEN',
  'HTTP_CLIENT_TIMEOUT_MS',
  'MAX_BODY_BYTES',
  'ORDER_STORE_MAX',
  'SESSION_STORE_MAX',
  'SESSION_TTL_SECONDS',
  'DELAY_BETWEEN_USERS',
  'DELAY_BETWEEN_REQUESTS',
  'SCENARIOS',
  'ADMIN_TOKEN',
  'CONSOLE_SERVICES',
  'GRAFANA_URL',
  ...Object.keys(TEST_ENV),
  ...SERVICE_NAMES.flatMap((name) => Object.keys(TOPOLOGY[name].downstreams)),
];

let objects: K8sObject[];
let deployments: K8sObject[];

/**
 * What the container would run with: APP_ENV blanked, the image's own ENV, then the chart's
 * env, with the port moved to a free local one.
 */
function containerEnv(
  name: ServiceName,
  chartEnv: Record<string, string>,
  localPort: number,
): Record<string, string> {
  return {
    ...Object.fromEntries(APP_ENV.map((variable) => [variable, ''])),
    NODE_ENV: 'production',
    PORT: String(TOPOLOGY[name].port),
    ...chartEnv,
    [TOPOLOGY[name].portEnv]: String(localPort),
  };
}

beforeAll(async () => {
  requireHelm();
  if (!existsSync(join(ROOT, 'dist', 'apps'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  }
  objects = await renderChart();
  deployments = ofKind(objects, 'Deployment');
}, 60_000);

it('the default render has a Deployment for each of the nine services', () => {
  expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...SERVICE_NAMES].sort());
});

describe.each(SERVICE_NAMES)('%s, started with the env of its Deployment', (name) => {
  it('answers every probe with 200, then readiness 503 after SIGTERM, then exits 0', async () => {
    const deployment = deployments.find((d) => d.metadata.name === name);
    if (!deployment) throw new Error(`no Deployment ${name} rendered`);
    const container = containerOf(deployment);
    expect(isServiceName(container.name)).toBe(true);
    const podSpec = deployment.spec.template.spec as { terminationGracePeriodSeconds: number };

    // The chart's env, secretKeyRef resolved from the rendered Secret, on top of the image's
    // own ENV (NODE_ENV=production, PORT=<its documented port>) as the kubelet would combine them.
    const chartEnv = resolveEnv(deployment, objects);
    const ports = container.ports as Array<{ name: string; containerPort: number }>;
    const portEnv = TOPOLOGY[name].portEnv;
    const containerPort = Number(chartEnv[portEnv]);
    // the app listens where the probes look: the env that sets its port names a container port
    expect(ports.map((p) => p.containerPort)).toContain(containerPort);

    const [localPort] = await freePorts(1);
    const env = containerEnv(name, chartEnv, localPort);
    const localPortOf = (port: string | number): number => {
      const target =
        typeof port === 'number' ? port : ports.find((p) => p.name === port)?.containerPort;
      if (target !== containerPort) {
        throw new Error(`${name}: probe port ${port} is not the port the app listens on`);
      }
      return localPort;
    };
    const probeUrl = (probe: Probe) => {
      expect(probe.httpGet.scheme ?? 'HTTP').toBe('HTTP');
      return `http://127.0.0.1:${localPortOf(probe.httpGet.port)}${probe.httpGet.path}`;
    };
    const probes = Object.fromEntries(
      PROBES.map((key) => [key, container[key] as Probe | undefined]),
    ) as Record<(typeof PROBES)[number], Probe | undefined>;
    for (const key of PROBES) expect(probes[key]).toBeDefined();
    const { startupProbe, livenessProbe, readinessProbe } = probes as Record<string, Probe>;

    const app = startNode(`dist/apps/${name}/src/main.js`, [], env);
    try {
      // the kubelet allows the startup probe periodSeconds × failureThreshold; we allow 15 s
      await waitFor(
        `${name} to pass its startup probe (${startupProbe.httpGet.path})`,
        async () => (await getJson(probeUrl(startupProbe))).status === 200,
        Math.min(
          15_000,
          (startupProbe.periodSeconds ?? 10) * (startupProbe.failureThreshold ?? 3) * 1000,
        ),
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n--- ${name} output ---\n${app.output()}`);
      });
      for (const probe of [startupProbe, livenessProbe, readinessProbe]) {
        expect({
          path: probe.httpGet.path,
          status: (await getJson(probeUrl(probe))).status,
        }).toEqual({ path: probe.httpGet.path, status: 200 });
      }

      if (name === 'instabook-cache') {
        // the token the chart hands over through the Secret is the one the guard accepts
        const session = (token: string) =>
          getJson(`http://127.0.0.1:${localPort}/cache/session/no-such-session`, {
            headers: { authorization: `Bearer ${token}` },
          });
        expect(await session(chartEnv.INSTABOOK_API_TOKEN)).toEqual({
          status: 404,
          body: { error: 'Session not found' },
        });
        expect((await session('not-the-token')).status).toBe(401);
      }

      if (name === 'gateway') {
        // the console reads and switches the services at the URLs CONSOLE_SERVICES gives it:
        // the chart's in-cluster names (unreachable here, so each is reported down)
        const overview = await getJson(`http://127.0.0.1:${localPort}/console/api/services`);
        expect(overview.status).toBe(200);
        const { services, links } = overview.body as {
          services: { name: string; url: string }[];
          links: { grafana: string | null };
        };
        expect(services.map((service) => `${service.name}=${service.url}`).join(',')).toBe(
          chartEnv.CONSOLE_SERVICES,
        );
        expect(links.grafana).toBeNull();
      }

      const stopAsked = Date.now();
      app.child.kill('SIGTERM');
      await waitFor(
        `${name}'s readiness to turn 503`,
        async () => (await getJson(probeUrl(readinessProbe))).status === 503,
        2_000,
        50,
      );
      // still alive while draining: the kubelet must not restart a pod that is shutting down
      expect((await getJson(probeUrl(livenessProbe))).status).toBe(200);

      const grace = podSpec.terminationGracePeriodSeconds * 1000;
      let timer: NodeJS.Timeout | undefined;
      const exit = await Promise.race([
        app.exited,
        new Promise((resolve) => (timer = setTimeout(resolve, grace, 'still running at SIGKILL'))),
      ]).finally(() => clearTimeout(timer));
      expect(exit).toEqual({ code: 0, signal: null });
      // the drain the chart asked for really happened, and ended well before SIGKILL
      const drainMs = Number(chartEnv.SHUTDOWN_DRAIN_MS);
      expect(Date.now() - stopAsked).toBeGreaterThanOrEqual(drainMs - 100);
      expect(Date.now() - stopAsked).toBeLessThan(grace);
    } finally {
      await app.kill();
    }
  }, 60_000);
});

describe('checkout-service, started with the scenarios and admin token the chart gives it', () => {
  it('starts with those scenarios on, and its admin routes want the token from the Secret', async () => {
    const token = 'chart-admin-token-0123';
    const rendered = await renderChart([
      'checkoutService.scenarios=latency:ms=1\\,route=/no-such-route;readiness-fail',
      `global.adminToken.value=${token}`,
    ]);
    const deployment = ofKind(rendered, 'Deployment').find(
      (d) => d.metadata.name === 'checkout-service',
    );
    if (!deployment) throw new Error('no Deployment checkout-service rendered');
    const chartEnv = resolveEnv(deployment, rendered);
    expect(chartEnv.ADMIN_TOKEN).toBe(token);
    const [localPort] = await freePorts(1);
    const url = (path: string) => `http://127.0.0.1:${localPort}${path}`;
    const app = startNode(
      'dist/apps/checkout-service/src/main.js',
      [],
      containerEnv('checkout-service', chartEnv, localPort),
    );
    try {
      await waitFor(
        'checkout-service to answer /health',
        async () => (await getJson(url('/health'))).status === 200,
        15_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n--- checkout-service output ---\n${app.output()}`);
      });
      // readiness-fail from SCENARIOS: the kubelet would take the pod out of the Service
      expect((await getJson(url('/healthz/ready'))).status).toBe(503);
      expect((await getJson(url('/healthz/live'))).status).toBe(200);
      expect(await getJson(url('/admin/scenarios'))).toEqual({
        status: 401,
        body: { error: 'Admin token required' },
      });
      const answer = await getJson(url('/admin/scenarios'), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(answer.status).toBe(200);
      const states = (answer.body as { scenarios: { name: string; enabled: boolean }[] }).scenarios;
      expect(Object.fromEntries(states.map((state) => [state.name, state]))).toMatchObject({
        latency: { enabled: true, params: { ms: 1, jitter_ms: 0, route: '/no-such-route' } },
        'readiness-fail': { enabled: true },
        'error-rate': { enabled: false },
      });
    } finally {
      await app.kill();
    }
  }, 60_000);
});
