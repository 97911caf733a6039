import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import {
  CONTAINER_MEMORY_LIMIT_MIB,
  SERVICE_NAMES,
  ServiceName,
  TOPOLOGY,
  heapLimitFlag,
} from '@app/config';
import { ROOT } from '../support/processes';
import {
  CHART,
  EnvVar,
  K8sObject,
  NAMESPACE,
  RELEASE,
  containerOf,
  helm,
  named,
  ofKind,
  parseManifests,
  renderChart,
  renderText,
  requireHelm,
  resolveEnv,
  templateArgs,
  valuesKey,
} from './helm-render';

/**
 * The Helm chart, rendered by the real helm binary and checked against docs/API.md: the
 * topology in libs/config, the image naming of build-and-push.sh, and the Kubernetes API schema.
 */

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
const CHART_META = parse(readFileSync(join(CHART, 'Chart.yaml'), 'utf8')) as Record<string, string>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const VALUES = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Record<string, any>;
const README = readFileSync(join(CHART, 'README.md'), 'utf8');

/** The repository build-and-push.sh publishes to when IMAGE_REPO is not set. */
const DEFAULT_REPOSITORY = 'quay.io/metoro/metoro-demo-applications';
const TOKEN_SECRET = 'instabook-api-token';
const DASHBOARDS_CONFIGMAP = 'microservice-demo-dashboards';
const CHART_DASHBOARDS = join(CHART, 'dashboards');
const DEMO_TOKEN = 'instabook-secret-token-2024';
const ADMIN_TOKEN = 'admin-s3cret-for-the-test';
const ADMIN_SECRET = 'demo-admin-token';
/** The gateway serves the scenario console and gets the list of services it shows. */
const CONSOLE_HOST: ServiceName = 'gateway';
/** CONSOLE_SERVICES as docs/SCENARIOS.md describes it: every service, start order, in-cluster URL. */
const consoleServices = (names: readonly ServiceName[] = SERVICE_NAMES) =>
  names.map((name) => `${name}=http://${name}:${TOPOLOGY[name].port}`).join(',');
/** Per docs/API.md, the two ends of the instabook → instabook-cache call read the token. */
const TOKEN_READERS: readonly ServiceName[] = ['instabook', 'instabook-cache'];
const LOAD_GENERATORS = SERVICE_NAMES.filter((name) => TOPOLOGY[name].kind === 'load-generator');
/** Each load generator's pacing variable and the value that sets it. */
const DELAYS: Partial<Record<ServiceName, [env: string, value: string]>> = {
  'load-generator': ['DELAY_BETWEEN_USERS', 'delayBetweenUsers'],
  'load-generator-instabook': ['DELAY_BETWEEN_REQUESTS', 'delayBetweenRequests'],
};

/** Offline validators generated from the Kubernetes OpenAPI schema, by kind. */
const MODELS: Record<string, { apiVersion: string; validate: (object: K8sObject) => void }> = {
  Deployment: { apiVersion: 'apps/v1', validate: (o) => new Deployment(o as never).validate() },
  Service: { apiVersion: 'v1', validate: (o) => new Service(o as never).validate() },
  Secret: { apiVersion: 'v1', validate: (o) => new Secret(o as never).validate() },
  ConfigMap: { apiVersion: 'v1', validate: (o) => new ConfigMap(o as never).validate() },
  NetworkPolicy: {
    apiVersion: 'networking.k8s.io/v1',
    validate: (o) => new NetworkPolicy(o as never).validate(),
  },
};

function schemaErrors(objects: K8sObject[]): string[] {
  const errors: string[] = [];
  for (const object of objects) {
    const where = `${object.kind}/${object.metadata?.name}`;
    const model = MODELS[object.kind];
    if (!model) {
      errors.push(`${where}: no validator for this kind; add it to MODELS`);
      continue;
    }
    if (object.apiVersion !== model.apiVersion) {
      errors.push(`${where}: apiVersion ${object.apiVersion}, want ${model.apiVersion}`);
    }
    try {
      model.validate(object);
    } catch (error) {
      errors.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return errors;
}

function deploymentOf(objects: K8sObject[], service: ServiceName): K8sObject {
  return named(objects, 'Deployment', service);
}

function imagesByService(objects: K8sObject[]): Record<string, string> {
  return Object.fromEntries(
    ofKind(objects, 'Deployment').map((d) => [d.metadata.name, containerOf(d).image as string]),
  );
}

function envOf(deployment: K8sObject): Record<string, EnvVar> {
  return Object.fromEntries(containerOf(deployment).env.map((v) => [v.name, v]));
}

function byName(env: EnvVar[]): EnvVar[] {
  return [...env].sort((a, b) => a.name.localeCompare(b.name));
}

/** Every configuration the tests render, each validated against the API schema below. */
const VARIANTS: Record<string, string[]> = {
  defaults: [],
  'global.tag=1.0.1': ['global.tag=1.0.1'],
  'global.tag=2.0.0': ['global.tag=2.0.0'],
  'load generators disabled': [
    'loadGenerator.enabled=false',
    'loadGeneratorInstabook.enabled=false',
  ],
  'existing Secret': [
    'global.instabookToken.existingSecret=my-token',
    'global.instabookToken.key=token',
  ],
  'per-service image override': [
    'global.tag=2.0.0',
    'gateway.image.tag=9.9.9-rc.1',
    'adService.image.repository=registry.example.com/team/ads',
  ],
  'namespace, service type and port': [
    'global.namespace=shop',
    'gateway.service.type=LoadBalancer',
    'instabookCache.service.type=NodePort',
    'productCatalog.service.port=9081',
    'gateway.replicas=3',
  ],
  'dashboards disabled': ['dashboards.enabled=false'],
  'tuned knobs': [
    'gateway.logLevel=debug',
    'loadGenerator.delayBetweenUsers=0.5',
    'loadGenerator.loadDelayScale=0.1',
    'checkoutService.extraEnv.ORDER_STORE_MAX=1000000',
    'checkoutService.shutdownDrainMs=15000',
  ],
  'trace export': ['otel.endpoint=http://jaeger-collector.tracing:4318'],
  'scenarios, admin token, console and partition': [
    // --set splits at commas: the escaped one stays in the value
    'gateway.scenarios=latency:ms=800\\,route=/product;error-rate:rate=0.25',
    'checkoutService.scenarios=memory-leak:kb_per_request=256',
    `global.adminToken.value=${ADMIN_TOKEN}`,
    'console.grafanaUrl=http://localhost:3000',
    'scenarios.partition.enabled=true',
  ],
  'admin token from an existing Secret': [
    'global.adminToken.existingSecret=ops-admin',
    'global.adminToken.key=bearer',
  ],
  'partition in another namespace': ['global.namespace=shop', 'scenarios.partition.enabled=true'],
};

const rendered: Record<string, K8sObject[]> = {};
let defaults: K8sObject[];

beforeAll(async () => {
  requireHelm();
  for (const [variant, sets] of Object.entries(VARIANTS))
    rendered[variant] = await renderChart(sets);
  defaults = rendered.defaults;
}, 120_000);

describe('Chart.yaml', () => {
  it('is an apiVersion v2 chart whose appVersion is the package.json version', () => {
    expect(CHART_META.apiVersion).toBe('v2');
    expect(CHART_META.name).toBe('microservice-demo');
    expect(CHART_META.type).toBe('application');
    // the default image tag is appVersion, so it must be the version build-and-push.sh publishes
    expect(CHART_META.appVersion).toBe(PACKAGE_VERSION);
    expect(CHART_META.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('helm lint --strict', () => {
  it.each([
    ['the default values', []],
    [
      'scenarios, admin token and partition',
      VARIANTS['scenarios, admin token, console and partition'],
    ],
    ['global.tag=1.0.1', ['global.tag=1.0.1']],
    ['load generators disabled', VARIANTS['load generators disabled']],
    ['an existing Secret', VARIANTS['existing Secret']],
    ['ServiceMonitors', ['serviceMonitor.enabled=true', 'serviceMonitor.labels.release=kps']],
  ])('passes with %s', async (_, sets: string[]) => {
    const result = await helm(['lint', '--strict', CHART, ...sets.flatMap((s) => ['--set', s])]);
    expect({ code: result.code, out: result.stdout + result.stderr }).toEqual({
      code: 0,
      out: expect.stringContaining('1 chart(s) linted, 0 chart(s) failed'),
    });
    expect(result.stdout).not.toMatch(/\[(WARNING|ERROR)\]/);
  });
});

describe('every rendered object matches the Kubernetes OpenAPI schema', () => {
  it.each(Object.keys(VARIANTS))('%s: zero errors', (variant) => {
    expect(rendered[variant].length).toBeGreaterThan(0);
    expect(schemaErrors(rendered[variant])).toEqual([]);
  });

  it('the validator is live: it rejects a broken Deployment and Service', () => {
    const deployment = structuredClone(deploymentOf(defaults, 'gateway'));
    deployment.spec.replicas = 'two';
    containerOf(deployment).ports = [{ name: 'http', containerPort: '8080' }];
    const service = structuredClone(named(defaults, 'Service', 'gateway'));
    service.spec.type = 'Public';
    const errors = schemaErrors([deployment, service]);
    expect(errors).toEqual([
      expect.stringMatching(/spec\/replicas must be integer.*containerPort must be integer/),
      expect.stringMatching(/spec\/type must be equal to one of the allowed values/),
    ]);
  });
});

describe('default render', () => {
  it('has one Deployment and one Service per service, one Secret, the dashboards, all in the release namespace', () => {
    const kinds = defaults.map((o) => o.kind);
    expect(new Set(kinds)).toEqual(new Set(['Deployment', 'Service', 'Secret', 'ConfigMap']));
    expect(ofKind(defaults, 'ConfigMap').map((o) => o.metadata.name)).toEqual([
      DASHBOARDS_CONFIGMAP,
    ]);
    for (const kind of ['Deployment', 'Service']) {
      expect(
        ofKind(defaults, kind)
          .map((o) => o.metadata.name)
          .sort(),
      ).toEqual([...SERVICE_NAMES].sort());
    }
    expect(ofKind(defaults, 'Secret').map((o) => o.metadata.name)).toEqual([TOKEN_SECRET]);
    for (const object of defaults) expect(object.metadata.namespace).toBe(NAMESPACE);
  });

  it('global.namespace puts every object in that namespace instead', () => {
    const objects = rendered['namespace, service type and port'];
    expect(objects.map((o) => o.metadata.namespace)).toEqual(objects.map(() => 'shop'));
  });

  it('stores the demo token in the Secret, base64-encoded and nowhere in clear text', async () => {
    const secret = named(defaults, 'Secret', TOKEN_SECRET);
    expect(secret.type).toBe('Opaque');
    expect(Object.keys(secret.data as object)).toEqual(['api-token']);
    expect(Buffer.from(secret.data['api-token'] as string, 'base64').toString()).toBe(DEMO_TOKEN);
    expect(await renderText()).not.toContain(DEMO_TOKEN);
  });

  describe.each(SERVICE_NAMES)('%s', (name) => {
    const spec = TOPOLOGY[name];
    const values = () => VALUES[valuesKey(name)] as Record<string, unknown>;
    const deployment = () => deploymentOf(defaults, name);
    const pod = () => deployment().spec.template.spec as Record<string, unknown>;
    const container = () => containerOf(deployment());

    it(`runs ${DEFAULT_REPOSITORY}:${name}-<appVersion>, pulled Always`, () => {
      expect(container().name).toBe(name);
      expect(container().image).toBe(`${DEFAULT_REPOSITORY}:${name}-${PACKAGE_VERSION}`);
      expect(container().imagePullPolicy).toBe('Always');
      expect(deployment().spec.replicas).toBe(1);
    });

    it(`listens on the documented port ${spec.port} (${spec.portEnv}), named http`, () => {
      expect(container().ports).toEqual([
        { name: 'http', containerPort: spec.port, protocol: 'TCP' },
      ]);
      expect(envOf(deployment())[spec.portEnv]).toEqual({
        name: spec.portEnv,
        value: String(spec.port),
      });
    });

    it('gets exactly the env the topology, the values and the token story call for', () => {
      const delay = DELAYS[name];
      const expected: EnvVar[] = [
        { name: spec.portEnv, value: String(spec.port) },
        ...Object.entries(spec.downstreams).map(([env, target]) => ({
          name: env,
          value: `http://${target}:${TOPOLOGY[target].port}`,
        })),
        { name: 'NODE_OPTIONS', value: heapLimitFlag(CONTAINER_MEMORY_LIMIT_MIB) },
        { name: 'LOG_LEVEL', value: String(values().logLevel) },
        { name: 'SHUTDOWN_DRAIN_MS', value: String(values().shutdownDrainMs) },
        ...(delay
          ? [
              { name: delay[0], value: String(values()[delay[1]]) },
              { name: 'LOAD_DELAY_SCALE', value: String(values().loadDelayScale) },
            ]
          : []),
        ...(name === CONSOLE_HOST ? [{ name: 'CONSOLE_SERVICES', value: consoleServices() }] : []),
        ...(TOKEN_READERS.includes(name)
          ? [
              {
                name: 'INSTABOOK_API_TOKEN',
                valueFrom: { secretKeyRef: { name: TOKEN_SECRET, key: 'api-token' } },
              },
            ]
          : []),
      ];
      expect(byName(container().env)).toEqual(byName(expected));
      expect(delay === undefined).toBe(!LOAD_GENERATORS.includes(name));
    });

    it('probes /health (startup), /healthz/live and /healthz/ready on the http port', () => {
      const c = container();
      expect(c.startupProbe).toMatchObject({ httpGet: { path: '/health', port: 'http' } });
      expect(c.livenessProbe).toMatchObject({ httpGet: { path: '/healthz/live', port: 'http' } });
      expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/healthz/ready', port: 'http' } });
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe'] as const) {
        const p = c[probe] as Record<string, number> & { httpGet: object };
        expect(Object.keys(p.httpGet).sort()).toEqual(['path', 'port']); // plain HTTP, no host
        expect(p.timeoutSeconds).toBeGreaterThanOrEqual(1);
        expect(p.failureThreshold).toBeGreaterThanOrEqual(1);
      }
      // a cold start gets at least 30 s before liveness may restart the container
      const startup = c.startupProbe as Record<string, number>;
      expect(startup.periodSeconds * startup.failureThreshold).toBeGreaterThanOrEqual(30);
    });

    it('is hardened: non-root uid 1000, RuntimeDefault seccomp, read-only root, no capabilities', () => {
      expect(pod().securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        fsGroup: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container().securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(pod().automountServiceAccountToken).toBe(false);
      expect(pod().enableServiceLinks).toBe(false);
    });

    it('has a writable emptyDir at /tmp and nothing else mounted', () => {
      expect(container().volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      expect(pod().volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: expect.any(String) } }]);
    });

    it('gives the drain and the close time to finish before Kubernetes kills the pod', () => {
      const drainMs = Number(envOf(deployment()).SHUTDOWN_DRAIN_MS.value);
      // the app exits at the latest 10 s after the drain (CLOSE_DEADLINE_MS in libs/core)
      expect(Number(pod().terminationGracePeriodSeconds) * 1000).toBeGreaterThan(drainMs + 10_000);
    });

    it('has requests and a memory limit from values.yaml', () => {
      const resources = container().resources as Record<string, Record<string, string>>;
      expect(resources).toEqual(values().resources);
      expect(resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(resources.limits.memory).toBe(`${CONTAINER_MEMORY_LIMIT_MIB}Mi`);
    });

    it('asks Prometheus to scrape /metrics on its port', () => {
      const annotations = deployment().spec.template.metadata.annotations as Record<string, string>;
      expect(annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(spec.port),
        'prometheus.io/path': '/metrics',
      });
      // and nothing else: no checksum of the token (see 'the instabook token' below)
      expect(Object.keys(annotations).sort()).toEqual([
        'prometheus.io/path',
        'prometheus.io/port',
        'prometheus.io/scrape',
      ]);
    });

    it('carries the app.kubernetes.io labels; selectors use name and instance only', () => {
      const labels = {
        'app.kubernetes.io/name': name,
        'app.kubernetes.io/instance': RELEASE,
        'app.kubernetes.io/version': PACKAGE_VERSION,
        'app.kubernetes.io/component': spec.kind,
        'app.kubernetes.io/part-of': 'microservice-demo',
        'app.kubernetes.io/managed-by': 'Helm',
        'helm.sh/chart': `microservice-demo-${CHART_META.version}`,
      };
      const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': RELEASE };
      const service = named(defaults, 'Service', name);
      expect(deployment().metadata.labels).toEqual(labels);
      expect(deployment().spec.template.metadata.labels).toEqual(labels);
      expect(deployment().spec.selector).toEqual({ matchLabels: selector });
      expect(service.metadata.labels).toEqual(labels);
      expect(service.spec.selector).toEqual(selector);
    });

    it(`has a ClusterIP Service on port ${spec.port} → the http container port`, () => {
      expect(named(defaults, 'Service', name).spec).toEqual({
        type: 'ClusterIP',
        selector: expect.any(Object),
        ports: [{ name: 'http', port: spec.port, targetPort: 'http', protocol: 'TCP' }],
      });
    });

    it('renders no field the tests do not know about', () => {
      // kubernetes-models does not flag unknown fields, so a typo (readinesProbe) would pass
      // the schema check; an exact key list catches it
      expect(Object.keys(container()).sort()).toEqual(
        [
          'name',
          'image',
          'imagePullPolicy',
          'ports',
          'env',
          'startupProbe',
          'livenessProbe',
          'readinessProbe',
          'resources',
          'securityContext',
          'volumeMounts',
        ].sort(),
      );
      expect(Object.keys(pod()).sort()).toEqual(
        [
          'automountServiceAccountToken',
          'enableServiceLinks',
          'terminationGracePeriodSeconds',
          'securityContext',
          'containers',
          'volumes',
        ].sort(),
      );
    });
  });
});

describe('Grafana dashboards', () => {
  const configMap = (): K8sObject => named(defaults, 'ConfigMap', DASHBOARDS_CONFIGMAP);

  it('one ConfigMap labelled for the Grafana sidecar holds every generated dashboard, byte for byte', () => {
    expect(configMap().metadata.labels).toMatchObject({
      grafana_dashboard: '1',
      'app.kubernetes.io/part-of': 'microservice-demo',
      'app.kubernetes.io/instance': RELEASE,
    });
    const shipped = readdirSync(CHART_DASHBOARDS).filter((name) => name.endsWith('.json'));
    // the generator writes the same files for Compose; both copies are checked for staleness
    // by test/observability/dashboards.spec.ts
    expect(shipped.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(configMap().data as object).sort()).toEqual(shipped.sort());
    for (const name of shipped) {
      const text = (configMap().data as Record<string, string>)[name];
      expect(text).toBe(readFileSync(join(CHART_DASHBOARDS, name), 'utf8'));
      expect((JSON.parse(text) as { uid: string }).uid).toBe(name.replace(/\.json$/, ''));
    }
  });

  it('dashboards.enabled=false renders no ConfigMap and changes nothing else', () => {
    const without = rendered['dashboards disabled'];
    expect(ofKind(without, 'ConfigMap')).toEqual([]);
    expect(without).toEqual(defaults.filter((o) => o.kind !== 'ConfigMap'));
  });

  it('fits in a ConfigMap (1 MiB) with room to grow', () => {
    expect(JSON.stringify(configMap().data).length).toBeLessThan(512 * 1024);
  });
});

describe('image tags', () => {
  it.each(['1.0.1', '2.0.0'])(
    '--set global.tag=%s changes every one of the nine images and version labels',
    (tag) => {
      const objects = rendered[`global.tag=${tag}`];
      expect(imagesByService(objects)).toEqual(
        Object.fromEntries(SERVICE_NAMES.map((n) => [n, `${DEFAULT_REPOSITORY}:${n}-${tag}`])),
      );
      for (const d of ofKind(objects, 'Deployment')) {
        expect(d.spec.template.metadata.labels['app.kubernetes.io/version']).toBe(tag);
      }
    },
  );

  it('a per-service image.tag or image.repository wins over the global one', () => {
    const images = imagesByService(rendered['per-service image override']);
    expect(images.gateway).toBe(`${DEFAULT_REPOSITORY}:gateway-9.9.9-rc.1`);
    expect(images['ad-service']).toBe('registry.example.com/team/ads:ad-service-2.0.0');
    for (const name of SERVICE_NAMES.filter((n) => n !== 'gateway' && n !== 'ad-service')) {
      expect(images[name]).toBe(`${DEFAULT_REPOSITORY}:${name}-2.0.0`);
    }
  });

  it('global.repository moves every image', async () => {
    const images = imagesByService(await renderChart(['global.repository=ghcr.io/me/demo']));
    expect(Object.values(images)).toEqual(
      SERVICE_NAMES.map(() => expect.stringMatching(/^ghcr\.io\/me\/demo:[a-z-]+-\d/)),
    );
  });

  it('a purely numeric tag works through --set-string', async () => {
    const images = imagesByService(await renderChart([], ['--set-string', 'global.tag=2']));
    expect(images.gateway).toBe(`${DEFAULT_REPOSITORY}:gateway-2`);
  });
});

describe('traces', () => {
  const endpoints = (objects: K8sObject[]) =>
    SERVICE_NAMES.map(
      (name) =>
        containerOf(deploymentOf(objects, name)).env.find(
          (env) => env.name === 'OTEL_EXPORTER_OTLP_ENDPOINT',
        )?.value,
    );

  it('otel.endpoint reaches every service as OTEL_EXPORTER_OTLP_ENDPOINT; empty sets nothing', () => {
    expect(endpoints(rendered['trace export'])).toEqual(
      SERVICE_NAMES.map(() => 'http://jaeger-collector.tracing:4318'),
    );
    expect(endpoints(defaults)).toEqual(SERVICE_NAMES.map(() => undefined));
  });

  it('the schema refuses an endpoint that is not an http(s) URL', async () => {
    const result = await helm(['template', RELEASE, CHART, '--set', 'otel.endpoint=jaeger:4318']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/otel\.endpoint|otel\/endpoint/);
  });
});

describe('load generators', () => {
  it('disabled: seven Deployments and seven Services, none of them a load generator', () => {
    const objects = rendered['load generators disabled'];
    const others = SERVICE_NAMES.filter((n) => !LOAD_GENERATORS.includes(n)).sort();
    expect(others).toHaveLength(7);
    for (const kind of ['Deployment', 'Service']) {
      expect(
        ofKind(objects, kind)
          .map((o) => o.metadata.name)
          .sort(),
      ).toEqual(others);
    }
  });

  it.each(LOAD_GENERATORS)('only %s disabled: eight Deployments', async (name) => {
    const objects = await renderChart([`${valuesKey(name)}.enabled=false`]);
    expect(ofKind(objects, 'Deployment').map((d) => d.metadata.name)).toHaveLength(8);
    expect(() => deploymentOf(objects, name)).toThrow();
  });

  it('pacing knobs reach the env as the app parses them (no 1e+06)', () => {
    const objects = rendered['tuned knobs'];
    expect(envOf(deploymentOf(objects, 'load-generator'))).toMatchObject({
      DELAY_BETWEEN_USERS: { value: '0.5' },
      LOAD_DELAY_SCALE: { value: '0.1' },
    });
    expect(envOf(deploymentOf(objects, 'checkout-service'))).toMatchObject({
      ORDER_STORE_MAX: { value: '1000000' },
      SHUTDOWN_DRAIN_MS: { value: '15000' },
    });
    expect(envOf(deploymentOf(objects, 'gateway')).LOG_LEVEL.value).toBe('debug');
  });
});

describe('services and wiring', () => {
  it('a changed Service port rewires every caller; the container port stays', () => {
    const objects = rendered['namespace, service type and port'];
    expect(named(objects, 'Service', 'product-catalog').spec.ports).toEqual([
      { name: 'http', port: 9081, targetPort: 'http', protocol: 'TCP' },
    ]);
    const callers = SERVICE_NAMES.filter((n) =>
      Object.values(TOPOLOGY[n].downstreams).includes('product-catalog'),
    );
    expect(callers.length).toBeGreaterThan(0);
    for (const caller of callers) {
      expect(envOf(deploymentOf(objects, caller)).PRODUCT_CATALOG_SERVICE.value).toBe(
        'http://product-catalog:9081',
      );
    }
    expect(containerOf(deploymentOf(objects, 'product-catalog')).ports).toEqual([
      { name: 'http', containerPort: TOPOLOGY['product-catalog'].port, protocol: 'TCP' },
    ]);
    expect(named(objects, 'Service', 'gateway').spec.type).toBe('LoadBalancer');
    expect(named(objects, 'Service', 'instabook-cache').spec.type).toBe('NodePort');
    expect(deploymentOf(objects, 'gateway').spec.replicas).toBe(3);
  });
});

describe('the instabook token', () => {
  it('existingSecret: no Secret is rendered and both instabook services read that one', () => {
    const objects = rendered['existing Secret'];
    expect(ofKind(objects, 'Secret')).toEqual([]);
    for (const name of SERVICE_NAMES) {
      const token = envOf(deploymentOf(objects, name)).INSTABOOK_API_TOKEN;
      if (TOKEN_READERS.includes(name)) {
        expect(token).toEqual({
          name: 'INSTABOOK_API_TOKEN',
          valueFrom: { secretKeyRef: { name: 'my-token', key: 'token' } },
        });
      } else {
        expect(token).toBeUndefined();
      }
    }
  });

  it('no hash of the token is rendered, so `get pods` cannot confirm a guessed token', async () => {
    // an unsalted sha256 on the pods would reveal the token to a dictionary; the README tells
    // to `kubectl rollout restart` the readers after a token change instead
    for (const [token, sets] of [
      [DEMO_TOKEN, []],
      ['another-token', ['global.instabookToken.value=another-token']],
    ] as const) {
      const text = await renderText([...sets]);
      for (const algorithm of ['sha256', 'sha1', 'md5'])
        expect(text).not.toContain(createHash(algorithm).update(token).digest('hex'));
      expect(text).not.toContain('checksum/');
      for (const name of TOKEN_READERS) {
        const deployment = deploymentOf(parseManifests(text), name);
        expect(deployment.spec.template.metadata.annotations).not.toHaveProperty(
          'checksum/instabook-token',
        );
      }
    }
    expect(README).toContain(
      'kubectl -n <namespace> rollout restart deployment/instabook deployment/instabook-cache',
    );
  });
});

describe('ServiceMonitors (Prometheus Operator)', () => {
  const ENABLED = ['serviceMonitor.enabled=true'];

  it('are off by default', () => {
    expect(VALUES.serviceMonitor).toEqual({ enabled: false, interval: '5s', labels: {} });
    expect(ofKind(defaults, 'ServiceMonitor')).toEqual([]);
  });

  it('enabled: one per service, scraping its Service every 5 s, series labelled by service', async () => {
    const objects = await renderChart([...ENABLED, 'serviceMonitor.labels.release=kps']);
    const monitors = ofKind(objects, 'ServiceMonitor');
    expect(monitors.map((m) => m.metadata.name).sort()).toEqual([...SERVICE_NAMES].sort());
    for (const monitor of monitors) {
      const name = monitor.metadata.name as ServiceName;
      const service = named(objects, 'Service', name);
      expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
      expect(monitor.metadata).toEqual({
        name,
        namespace: NAMESPACE,
        labels: { ...service.metadata.labels, release: 'kps' },
      });
      expect(monitor.spec).toEqual({
        selector: { matchLabels: expect.any(Object) },
        namespaceSelector: { matchNames: [NAMESPACE] },
        endpoints: [
          {
            port: 'http',
            path: '/metrics',
            interval: '5s',
            relabelings: [{ action: 'replace', targetLabel: 'service', replacement: name }],
          },
        ],
      });
      // the selector picks exactly this service's Service, whose port is named as the endpoint's
      const matchLabels = monitor.spec.selector.matchLabels as Record<string, string>;
      const selected = ofKind(objects, 'Service').filter((candidate) =>
        Object.entries(matchLabels).every(
          ([key, value]) => candidate.metadata.labels?.[key] === value,
        ),
      );
      expect(selected.map((candidate) => candidate.metadata.name)).toEqual([name]);
      expect(service.spec.ports.map((port: { name: string }) => port.name)).toEqual(['http']);
    }
  });

  it('follow the load generators: disabled ones get none; the interval is a value', async () => {
    const objects = await renderChart([
      ...ENABLED,
      ...VARIANTS['load generators disabled'],
      'serviceMonitor.interval=30s',
    ]);
    const monitors = ofKind(objects, 'ServiceMonitor');
    expect(monitors.map((m) => m.metadata.name).sort()).toEqual(
      SERVICE_NAMES.filter((name) => !LOAD_GENERATORS.includes(name)).sort(),
    );
    for (const monitor of monitors) expect(monitor.spec.endpoints[0].interval).toBe('30s');
  });
});

describe('values.schema.json and the template guards reject bad values', () => {
  it.each([
    ['gateway.replicas=two', "'/gateway/replicas': got string, want integer"],
    ['global.tag=1', "'/global/tag': got number, want string"],
    ['productCatalog.service.port=http', "'/productCatalog/service/port': got string"],
    ['instabook.service.type=Public', "'/instabook/service/type'"],
    ['loadGenerator.enabled=maybe', "'/loadGenerator/enabled': got string, want boolean"],
    ['dashboards.enabled=yes', "'/dashboards/enabled': got string, want boolean"],
    ['dashboards.folder=demo', "additional properties 'folder' not allowed"],
    ['gateway.logLevel=loud', "'/gateway/logLevel'"],
    ['global.imagePullPolicy=Sometimes', "'/global/imagePullPolicy'"],
    ['loadGenerator.delayBetweenUsers=fast', "'/loadGenerator/delayBetweenUsers'"],
    ['checkoutService.shutdownDrainMs=-1', "'/checkoutService/shutdownDrainMs'"],
    ['gateway.name=api', "'/gateway/name'"],
    ['global.namespace=Not_A_Namespace', "'/global/namespace'"],
    ['gatway.replicas=2', "additional properties 'gatway' not allowed"],
    ['gateway.replica=2', "additional properties 'replica' not allowed"],
    ['global.terminationGracePeriodSeconds=10', 'must exceed adService.shutdownDrainMs'],
    ['gateway.extraEnv.LOG_LEVEL=debug', 'gateway.extraEnv.LOG_LEVEL is set by the chart'],
    [
      'gateway.extraEnv.PRODUCT_CATALOG_SERVICE=http://x:1',
      'gateway.extraEnv.PRODUCT_CATALOG_SERVICE is set by the chart',
    ],
    ['global.instabookToken.value=', 'global.instabookToken.value is empty'],
    ['serviceMonitor.enabled=yes', "'/serviceMonitor/enabled': got string, want boolean"],
    ['serviceMonitor.interval=fast', "'/serviceMonitor/interval'"],
    ['serviceMonitor.intervall=5s', "additional properties 'intervall' not allowed"],
    ['productCatalog.scenarios=true', "'/productCatalog/scenarios': got boolean, want string"],
    ['loadGenerator.scenarios=10', "'/loadGenerator/scenarios': got number, want string"],
    ['gateway.scenarios=latency:ms', "'/gateway/scenarios'"],
    ['gateway.scenarios=latency ms=5', "'/gateway/scenarios'"],
    ['gateway.scenarios=Latency', "'/gateway/scenarios'"],
    ['gateway.scenarios=latency:ms=1=2', "'/gateway/scenarios'"],
    ['global.adminToken.value=true', "'/global/adminToken/value': got boolean, want string"],
    // the services refuse an ADMIN_TOKEN shorter than 8 characters or with spaces (docs/API.md)
    ['global.adminToken.value=short', "'/global/adminToken/value'"],
    ['global.adminToken.value=with space inside', "'/global/adminToken/value'"],
    ['global.adminToken.existingSecret=Not_A_Secret', "'/global/adminToken/existingSecret'"],
    ['global.adminToken.tokn=x', "additional properties 'tokn' not allowed"],
    ['scenarios.partition.enabled=yes', "'/scenarios/partition/enabled': got string, want boolean"],
    ['scenarios.latency.enabled=true', "additional properties 'latency' not allowed"],
    ['console.grafanaUrl=grafana:3000', "'/console/grafanaUrl'"],
    ['gateway.extraEnv.SCENARIOS=latency', 'gateway.extraEnv.SCENARIOS is set by the chart'],
    ['adService.extraEnv.ADMIN_TOKEN=x', 'adService.extraEnv.ADMIN_TOKEN is set by the chart'],
  ])('--set %s fails naming the field', async (set, message) => {
    const result = await helm(templateArgs([set]));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(message);
  });
});

describe('NOTES.txt', () => {
  /** What `helm install --dry-run` prints after NOTES: with these `--set` pairs. */
  async function installNotes(sets: string[] = []): Promise<string> {
    const result = await helm([
      'install',
      RELEASE,
      CHART,
      '-n',
      NAMESPACE,
      '--dry-run=client',
      ...sets.flatMap((s) => ['--set', s]),
    ]);
    expect(result.code).toBe(0);
    return result.stdout.slice(result.stdout.indexOf('NOTES:'));
  }

  it('tells how to reach the gateway and the admin page, and how to toggle the token', async () => {
    const notes = await installNotes();
    expect(notes).toContain(`kubectl -n ${NAMESPACE} port-forward svc/gateway 8080:8080`);
    expect(notes).toContain(`kubectl -n ${NAMESPACE} port-forward svc/instabook-cache 8086:8086`);
    expect(notes).toContain('http://localhost:8086/admin');
    expect(notes).toContain('curl -X POST http://localhost:8086/admin/token');
    for (const name of SERVICE_NAMES)
      expect(notes).toContain(`  ${DEFAULT_REPOSITORY}:${name}-${PACKAGE_VERSION}\n`);
  });

  it('points at the scenario console, and says when the partition is on and how to end it', async () => {
    const plain = await installNotes();
    expect(plain).toContain('http://localhost:8080/console');
    expect(plain).not.toContain('partition');
    const partitioned = await installNotes(['scenarios.partition.enabled=true']);
    expect(partitioned).toContain('NetworkPolicy scenario-partition-currency-service');
    expect(partitioned).toContain('--set scenarios.partition.enabled=false');
  });

  it('lists the images the Deployments run, per-service overrides included', async () => {
    const notes = await installNotes(VARIANTS['per-service image override']);
    expect(notes).toContain(`  registry.example.com/team/ads:ad-service-2.0.0\n`);
    expect(notes).toContain(`  ${DEFAULT_REPOSITORY}:gateway-9.9.9-rc.1\n`);
    for (const image of Object.values(imagesByService(rendered['per-service image override'])))
      expect(notes).toContain(`  ${image}\n`);
    expect(notes).not.toContain(`${DEFAULT_REPOSITORY}:ad-service-`);
    expect(notes).not.toContain(`${DEFAULT_REPOSITORY}:gateway-2.0.0`);
  });

  it('says how to turn disabled load generators back on', async () => {
    const notes = await installNotes(VARIANTS['load generators disabled']);
    expect(notes).toContain('--set loadGenerator.enabled=true');
    expect(notes).toContain('--set loadGeneratorInstabook.enabled=true');
  });
});

describe('chart README', () => {
  /** Dotted paths of every leaf (and empty map) in values.yaml. */
  function leaves(value: unknown, path: string[] = []): string[][] {
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length)
      return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
    return [path];
  }

  it('documents every value of values.yaml', () => {
    const serviceKeys = new Set(SERVICE_NAMES.map(valuesKey));
    const undocumented = leaves(VALUES).filter((path) => {
      const generic = serviceKeys.has(path[0]) ? ['<service>', ...path.slice(1)] : path;
      // a row for a parent (`<service>.resources`) documents its children
      return ![path, generic].some((p) =>
        p.some((_, i) => README.includes(`\`${p.slice(0, i + 1).join('.')}\``) && i > 0),
      );
    });
    expect(undocumented.map((p) => p.join('.'))).toEqual([]);
  });
});

describe('memory', () => {
  it('derives the heap cap from each container memory limit, in Mi or Gi', async () => {
    const objects = await renderChart([
      'checkoutService.resources.limits.memory=1Gi',
      'instabookCache.resources.limits.memory=384Mi',
    ]);
    expect(envOf(deploymentOf(objects, 'checkout-service')).NODE_OPTIONS.value).toBe(
      heapLimitFlag(1024),
    );
    expect(envOf(deploymentOf(objects, 'instabook-cache')).NODE_OPTIONS.value).toBe(
      heapLimitFlag(384),
    );
    expect(envOf(deploymentOf(objects, 'gateway')).NODE_OPTIONS.value).toBe(
      heapLimitFlag(CONTAINER_MEMORY_LIMIT_MIB),
    );
  });

  it('refuses a memory limit it cannot derive the heap cap from', async () => {
    const result = await helm([
      'template',
      RELEASE,
      CHART,
      '--set',
      'gateway.resources.limits.memory=300M',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('resources.limits.memory "300M": give it in Mi or Gi');
  });
});

describe('failure scenarios (docs/SCENARIOS.md)', () => {
  const SCENARIO_RENDER = 'scenarios, admin token, console and partition';
  const envValue = (objects: K8sObject[], name: ServiceName, variable: string) =>
    envOf(deploymentOf(objects, name))[variable]?.value;

  describe('SCENARIOS', () => {
    it('is not set anywhere by default', () => {
      for (const name of SERVICE_NAMES)
        expect(envOf(deploymentOf(defaults, name)).SCENARIOS).toBeUndefined();
    });

    it("each service's `scenarios` value reaches only that service, escaped commas included", () => {
      const objects = rendered[SCENARIO_RENDER];
      expect(
        Object.fromEntries(SERVICE_NAMES.map((n) => [n, envValue(objects, n, 'SCENARIOS')])),
      ).toEqual({
        ...Object.fromEntries(SERVICE_NAMES.map((n) => [n, undefined])),
        gateway: 'latency:ms=800,route=/product;error-rate:rate=0.25',
        'checkout-service': 'memory-leak:kb_per_request=256',
      });
    });

    it('every block takes it from a values file, and YAML-looking strings stay strings', async () => {
      // one distinct string per service; `true`, `on`, `1e3`-like values must reach the app as
      // text, so the template has to quote what it renders
      const tricky = [
        'latency:ms=800,jitter_ms=100,route=/product/:id;error-rate:rate=0.25,status=503',
        'true',
        'on',
        'readiness-fail',
        'event-loop-block:ms=200',
        'latency:route=/a.b-c',
        // blanks and a trailing `;` are fine for the services' parser, so for the schema too
        ' error-rate : status=503 ;readiness-fail;',
        'loadgen-surge:factor=10',
        'no',
      ];
      const dir = mkdtempSync(join(tmpdir(), 'helm-scenarios-'));
      const file = join(dir, 'values.yaml');
      const wanted = Object.fromEntries(SERVICE_NAMES.map((n, i) => [n, tricky[i]]));
      // JSON is YAML whose strings are all quoted: a values file spelling `on` bare would give
      // helm (YAML 1.1) a boolean, which the schema refuses
      writeFileSync(
        file,
        JSON.stringify(
          Object.fromEntries(SERVICE_NAMES.map((n) => [valuesKey(n), { scenarios: wanted[n] }])),
        ),
      );
      try {
        const objects = await renderChart([], ['-f', file]);
        expect(
          Object.fromEntries(SERVICE_NAMES.map((n) => [n, envValue(objects, n, 'SCENARIOS')])),
        ).toEqual(wanted);
        for (const name of SERVICE_NAMES) {
          expect(typeof envValue(objects, name, 'SCENARIOS')).toBe('string');
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the admin token', () => {
    it('unset (the default): no Secret and no ADMIN_TOKEN on any service', () => {
      expect(ofKind(defaults, 'Secret').map((s) => s.metadata.name)).not.toContain(ADMIN_SECRET);
      for (const name of SERVICE_NAMES)
        expect(envOf(deploymentOf(defaults, name)).ADMIN_TOKEN).toBeUndefined();
    });

    it('a value: stored base64 in the Secret demo-admin-token, read by all nine services through secretKeyRef', async () => {
      const objects = rendered[SCENARIO_RENDER];
      const secret = named(objects, 'Secret', ADMIN_SECRET);
      expect(secret.metadata.namespace).toBe(NAMESPACE);
      expect(secret.type).toBe('Opaque');
      expect(secret.data).toEqual({ 'admin-token': Buffer.from(ADMIN_TOKEN).toString('base64') });
      for (const name of SERVICE_NAMES) {
        expect(envOf(deploymentOf(objects, name)).ADMIN_TOKEN).toEqual({
          name: 'ADMIN_TOKEN',
          valueFrom: { secretKeyRef: { name: ADMIN_SECRET, key: 'admin-token' } },
        });
        // what the kubelet would give the container
        expect(resolveEnv(deploymentOf(objects, name), objects).ADMIN_TOKEN).toBe(ADMIN_TOKEN);
      }
      // the instabook token is untouched and the admin token never appears in clear text
      expect(named(objects, 'Secret', TOKEN_SECRET).data).toEqual(
        named(defaults, 'Secret', TOKEN_SECRET).data,
      );
      expect(await renderText(VARIANTS[SCENARIO_RENDER])).not.toContain(ADMIN_TOKEN);
    });

    it('existingSecret: no Secret rendered, every service reads its key', () => {
      const objects = rendered['admin token from an existing Secret'];
      expect(ofKind(objects, 'Secret').map((s) => s.metadata.name)).toEqual([TOKEN_SECRET]);
      for (const name of SERVICE_NAMES) {
        expect(envOf(deploymentOf(objects, name)).ADMIN_TOKEN).toEqual({
          name: 'ADMIN_TOKEN',
          valueFrom: { secretKeyRef: { name: 'ops-admin', key: 'bearer' } },
        });
      }
    });
  });

  describe('the console on the gateway', () => {
    it('CONSOLE_SERVICES lists every service by its Service DNS name and port, in start order', () => {
      const value = envValue(defaults, CONSOLE_HOST, 'CONSOLE_SERVICES') ?? '';
      expect(value).toBe(consoleServices());
      // each entry is a Service the chart renders, on that Service's port
      for (const entry of value.split(',')) {
        const [name, url] = entry.split('=');
        const service = named(defaults, 'Service', name);
        expect(url).toBe(`http://${service.metadata.name}:${service.spec.ports[0].port}`);
      }
      for (const name of SERVICE_NAMES.filter((n) => n !== CONSOLE_HOST))
        expect(envOf(deploymentOf(defaults, name)).CONSOLE_SERVICES).toBeUndefined();
    });

    it('follows a changed Service port and leaves disabled load generators out', () => {
      expect(
        envValue(rendered['namespace, service type and port'], CONSOLE_HOST, 'CONSOLE_SERVICES'),
      ).toContain('product-catalog=http://product-catalog:9081,');
      expect(envValue(rendered['load generators disabled'], CONSOLE_HOST, 'CONSOLE_SERVICES')).toBe(
        consoleServices(SERVICE_NAMES.filter((n) => !LOAD_GENERATORS.includes(n))),
      );
    });

    it('GRAFANA_URL comes from console.grafanaUrl, only on the gateway; empty sets nothing', () => {
      const objects = rendered[SCENARIO_RENDER];
      for (const name of SERVICE_NAMES) {
        expect(envValue(objects, name, 'GRAFANA_URL')).toBe(
          name === CONSOLE_HOST ? 'http://localhost:3000' : undefined,
        );
        expect(envValue(defaults, name, 'GRAFANA_URL')).toBeUndefined();
      }
    });
  });

  describe('the partition NetworkPolicy', () => {
    interface Requirement {
      key: string;
      operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
      values?: string[];
    }
    interface Selector {
      matchLabels?: Record<string, string>;
      matchExpressions?: Requirement[];
    }

    /** Kubernetes label-selector semantics: an empty selector matches everything. */
    function matches(selector: Selector, labels: Record<string, string>): boolean {
      const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
      const byExpression = (selector.matchExpressions ?? []).every(
        ({ key, operator, values = [] }) => {
          const has = key in labels;
          switch (operator) {
            case 'In':
              return has && values.includes(labels[key]);
            case 'NotIn':
              return !has || !values.includes(labels[key]);
            case 'Exists':
              return has;
            case 'DoesNotExist':
              return !has;
          }
        },
      );
      return byLabel && byExpression;
    }

    interface Peer {
      podSelector?: Selector;
      namespaceSelector?: Selector;
    }

    /** Whether one `from` peer admits a pod (labels) of a namespace (its name). */
    function admits(
      peer: Peer,
      policyNamespace: string,
      namespace: string,
      pod: Record<string, string>,
    ) {
      const nsLabels = { 'kubernetes.io/metadata.name': namespace };
      if (peer.namespaceSelector) {
        return (
          matches(peer.namespaceSelector, nsLabels) &&
          (peer.podSelector === undefined || matches(peer.podSelector, pod))
        );
      }
      return namespace === policyNamespace && matches(peer.podSelector ?? {}, pod);
    }

    function policyOf(objects: K8sObject[]): K8sObject {
      const policies = ofKind(objects, 'NetworkPolicy');
      expect(policies.map((p) => p.metadata.name)).toEqual(['scenario-partition-currency-service']);
      return policies[0];
    }

    /** Which rendered services may open a connection to currency-service's http port. */
    function allowedCallers(objects: K8sObject[], namespace: string): Record<string, boolean> {
      const policy = policyOf(objects);
      const ingress = policy.spec.ingress as { from: Peer[]; ports: { port: string }[] }[];
      return Object.fromEntries(
        ofKind(objects, 'Deployment').map((deployment) => {
          const pod = deployment.spec.template.metadata.labels as Record<string, string>;
          const allowed = ingress.some(
            (rule) =>
              rule.ports.some((p) => p.port === 'http') &&
              rule.from.some((peer) =>
                admits(peer, policy.metadata.namespace ?? '', namespace, pod),
              ),
          );
          return [deployment.metadata.name, allowed];
        }),
      );
    }

    it('is off by default: no NetworkPolicy rendered', () => {
      expect(VALUES.scenarios).toEqual({ partition: { enabled: false } });
      expect(ofKind(defaults, 'NetworkPolicy')).toEqual([]);
    });

    it('enabled: selects exactly the currency-service pods, for ingress only, and changes nothing else', () => {
      const objects = rendered['partition in another namespace'];
      const policy = policyOf(objects);
      expect(policy.metadata.namespace).toBe('shop');
      expect(policy.spec.policyTypes).toEqual(['Ingress']);
      const selected = ofKind(objects, 'Deployment').filter((d) =>
        matches(
          policy.spec.podSelector as Selector,
          d.spec.template.metadata.labels as Record<string, string>,
        ),
      );
      expect(selected.map((d) => d.metadata.name)).toEqual(['currency-service']);
    });

    it('enabled adds the NetworkPolicy and changes nothing else', async () => {
      const without = await renderChart(['global.namespace=shop']);
      expect(
        rendered['partition in another namespace'].filter((o) => o.kind !== 'NetworkPolicy'),
      ).toEqual(without);
    });

    it('admits every service of the release but checkout-service, on the port currency-service listens on', () => {
      const objects = rendered[SCENARIO_RENDER];
      expect(allowedCallers(objects, NAMESPACE)).toEqual(
        Object.fromEntries(SERVICE_NAMES.map((n) => [n, n !== 'checkout-service'])),
      );
      // the policy's port is the name of currency-service's one container port
      const ports = containerOf(deploymentOf(objects, 'currency-service')).ports as {
        name: string;
      }[];
      const policyPorts = (
        policyOf(objects).spec.ingress as { ports: { port: string; protocol: string }[] }[]
      ).flatMap((rule) => rule.ports);
      expect(policyPorts).toEqual([{ port: 'http', protocol: 'TCP' }]);
      expect(ports.map((p) => p.name)).toEqual(['http']);
    });

    it('admits pods of other namespaces (a Prometheus scraping), even one labelled checkout-service', () => {
      const objects = rendered['partition in another namespace'];
      const callers = allowedCallers(objects, 'monitoring');
      expect(Object.values(callers).every(Boolean)).toBe(true);
      expect(allowedCallers(objects, 'shop')['checkout-service']).toBe(false);
      // a pod without the chart's labels in the namespace (kubectl run, a debug pod) gets in
      const policy = policyOf(objects);
      expect(
        (policy.spec.ingress[0].from as Peer[]).some((peer) => admits(peer, 'shop', 'shop', {})),
      ).toBe(true);
    });

    it('the matcher is live: a policy without the exception would admit checkout-service', () => {
      const objects = structuredClone(rendered[SCENARIO_RENDER]);
      const policy = policyOf(objects);
      policy.spec.ingress[0].from[0].podSelector = {};
      expect(allowedCallers(objects, NAMESPACE)['checkout-service']).toBe(true);
      policy.spec.ingress[0].from = [{ namespaceSelector: {} }];
      expect(allowedCallers(objects, NAMESPACE)['checkout-service']).toBe(true);
    });
  });
});
