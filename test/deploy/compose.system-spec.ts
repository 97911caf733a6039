import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  CONTAINER_MEMORY_LIMIT_MIB,
  SERVICE_NAMES,
  ServiceName,
  TOPOLOGY,
  environment,
  heapLimitFlag,
  scenariosVariableOf,
} from '@app/config';
import { ROOT } from '../support/processes';
import { systemTool } from '../support/system-tools';

/**
 * Both Compose files, as Debian's docker-compose (v1.29) reads them: `config` validates the
 * file against the Compose spec, resolves anchors, merge keys and ${VAR:-default}, and prints
 * the normalized model, which is what we compare with the topology table.
 */

const LOCAL = 'docker-compose.yaml';
const QUAY = 'docker-compose-quay.yaml';
const DEFAULT_REPO = 'quay.io/metoro/metoro-demo-applications';
const DEFAULT_TOKEN = 'instabook-secret-token-2024';
const VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** Env docs/API.md#configuration gives a service beyond its port and downstream URLs, defaults spelled out. */
const EXTRA_ENV: Partial<Record<ServiceName, Record<string, string>>> = {
  'instabook-cache': { INSTABOOK_API_TOKEN: DEFAULT_TOKEN },
  instabook: { INSTABOOK_API_TOKEN: DEFAULT_TOKEN },
  'load-generator': { DELAY_BETWEEN_USERS: '2.0' },
  'load-generator-instabook': { DELAY_BETWEEN_REQUESTS: '3.0' },
};

/** The service that serves the scenario console (/console) and gets the list of services. */
const CONSOLE_HOST: ServiceName = 'gateway';
/** Grafana as the presenter's browser reaches it: the watcher below publishes port 3000. */
const GRAFANA_URL = 'http://localhost:3000';

// Variables the files interpolate; removed from the inherited env so a developer's shell
// (or a CI secret) cannot change what the test sees.
const INTERPOLATED = [
  'IMAGE_REPO',
  'IMAGE_TAG',
  'INSTABOOK_API_TOKEN',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'ADMIN_TOKEN',
  'GRAFANA_URL',
  ...SERVICE_NAMES.map(scenariosVariableOf),
];

let dockerCompose: string;
let scratch: string;
let emptyEnvFile: string;

beforeAll(() => {
  dockerCompose = systemTool('docker-compose');
  const probe = spawnSync(dockerCompose, ['version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `${dockerCompose} does not run (${probe.error?.message ?? probe.stderr}); ` +
        'the Compose files are validated with it',
    );
  }
  scratch = mkdtempSync(join(tmpdir(), 'compose-spec-'));
  // An empty --env-file instead of the default ./.env, which a developer may have.
  emptyEnvFile = join(scratch, 'empty.env');
  writeFileSync(emptyEnvFile, '');
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface ComposeService {
  command?: string[];
  volumes?: string[];
  build?: { context: string; dockerfile: string; args: Record<string, string> };
  image: string;
  ports: { published: number | string; target: number | string }[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: Record<string, unknown>;
  restart?: string;
  mem_limit?: number | string;
  read_only?: boolean;
  tmpfs?: string[];
  platform?: string;
  profiles?: string[];
}

/** `docker-compose -f <file> config`, parsed; throws with compose's own message if it rejects the file. */
function composeConfig(
  file: string,
  env: Record<string, string> = {},
  profiles: string[] = [],
): Record<ComposeName, ComposeService> {
  const inherited = Object.fromEntries(
    Object.entries(environment()).filter(([key]) => !INTERPOLATED.includes(key)),
  );
  const profileArgs = profiles.flatMap((profile) => ['--profile', profile]);
  const result = spawnSync(
    dockerCompose,
    ['--env-file', emptyEnvFile, ...profileArgs, '-f', file, 'config'],
    {
      cwd: ROOT,
      env: { ...inherited, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`docker-compose -f ${file} config exited ${result.status}:\n${result.stderr}`);
  }
  // Warnings (e.g. about an unset variable) would mean the file depends on the caller's env.
  expect(result.stderr).toBe('');
  return (parse(result.stdout) as { services: Record<ComposeName, ComposeService> }).services;
}

/** The two services that watch the nine; test-containers.sh leaves them out (no pull here). */
const WATCHERS = ['prometheus', 'grafana'] as const;
type Watcher = (typeof WATCHERS)[number];
/** Every service the files define: the nine, their watchers and the optional trace backend. */
type ComposeName = ServiceName | Watcher | 'jaeger';

const url = (service: ServiceName) => `http://${service}:${TOPOLOGY[service].port}`;

function expectedEnvironment(name: ServiceName): Record<string, string> {
  const spec = TOPOLOGY[name];
  return {
    // Load generators also get PORT: the image's healthcheck and the app then agree on it.
    PORT: String(spec.port),
    [spec.portEnv]: String(spec.port),
    NODE_OPTIONS: heapLimitFlag(CONTAINER_MEMORY_LIMIT_MIB),
    // empty: no trace export unless the caller sets it
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
    // empty: no scenario on at start, admin routes open (docs/SCENARIOS.md)
    SCENARIOS: '',
    ADMIN_TOKEN: '',
    ...(name === CONSOLE_HOST
      ? {
          CONSOLE_SERVICES: SERVICE_NAMES.map((service) => `${service}=${url(service)}`).join(','),
          GRAFANA_URL,
        }
      : {}),
    ...Object.fromEntries(
      Object.entries(spec.downstreams).map(([envVar, target]) => [envVar, url(target)]),
    ),
    ...EXTRA_ENV[name],
  };
}

function expectedDependencies(name: ServiceName): string[] {
  return [...new Set(Object.values(TOPOLOGY[name].downstreams))].sort();
}

describe.each([LOCAL, QUAY])('%s', (file) => {
  let services: Record<ComposeName, ComposeService>;

  beforeAll(() => {
    services = composeConfig(file);
  });

  it('has no top-level version key (Compose spec) and nothing pinned to one platform', () => {
    const raw = parse(readFileSync(join(ROOT, file), 'utf8'), { merge: true }) as Record<
      string,
      unknown
    >;
    expect(raw).not.toHaveProperty('version');
    expect(Object.keys(raw).filter((key) => !key.startsWith('x-'))).toEqual(['services']);
    for (const name of SERVICE_NAMES) expect(services[name]).not.toHaveProperty('platform');
  });

  it('defines exactly the nine services of the topology, prometheus and grafana, and the optional jaeger', () => {
    expect(Object.keys(services).sort()).toEqual([...SERVICE_NAMES, ...WATCHERS, 'jaeger'].sort());
  });

  it('runs Prometheus from an exact image tag with the shipped config, read-only, on 9090', () => {
    const { image, ports, volumes, command, build } = services.prometheus;
    expect(image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(build).toBeUndefined();
    expect(ports).toEqual([{ published: 9090, target: 9090 }]);
    expect(volumes).toEqual([`${join(ROOT, 'docker', 'prometheus')}:/etc/prometheus:ro`]);
    expect(command).toContain('--config.file=/etc/prometheus/prometheus.yml');
    // the mounted folder holds the targets Compose needs: the services by their DNS names
    const targets = JSON.parse(
      readFileSync(join(ROOT, 'docker', 'prometheus', 'targets', 'compose.json'), 'utf8'),
    ) as { targets: string[] }[];
    expect(targets.flatMap((group) => group.targets)).toEqual(
      SERVICE_NAMES.map((name) => `${name}:${TOPOLOGY[name].port}`),
    );
  });

  it('runs Grafana from an exact image tag, anonymous viewers, provisioning read-only, on 3000', () => {
    const { image, ports, volumes, environment, depends_on, build } = services.grafana;
    expect(image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    expect(build).toBeUndefined();
    expect(ports).toEqual([{ published: 3000, target: 3000 }]);
    expect(environment).toEqual({
      GF_AUTH_ANONYMOUS_ENABLED: 'true',
      GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
    });
    expect(volumes).toEqual([
      `${join(ROOT, 'docker', 'grafana', 'provisioning')}:/etc/grafana/provisioning:ro`,
      `${join(ROOT, 'docker', 'grafana', 'dashboards')}:/var/lib/grafana/dashboards:ro`,
    ]);
    expect(depends_on).toEqual({ prometheus: { condition: 'service_healthy' } });
  });

  describe.each(SERVICE_NAMES)('%s', (name) => {
    const port = TOPOLOGY[name].port;

    it('publishes its documented port on the same host port', () => {
      expect(
        services[name].ports.map((p) => ({
          published: Number(p.published),
          target: Number(p.target),
        })),
      ).toEqual([{ published: port, target: port }]);
    });

    it('gets its port and exactly its downstreams by service name', () => {
      expect(services[name].environment).toEqual(expectedEnvironment(name));
    });

    it('waits for every downstream to be healthy, and only for those', () => {
      const dependsOn = services[name].depends_on ?? {};
      expect(Object.keys(dependsOn).sort()).toEqual(expectedDependencies(name));
      for (const dependency of Object.values(dependsOn)) {
        expect(dependency.condition).toBe('service_healthy');
      }
    });

    it('has a healthcheck, a restart policy and a read-only root with a tmpfs /tmp', () => {
      expect(services[name].healthcheck).toEqual({
        test: ['CMD', 'node', '/app/healthcheck.js'],
        interval: '5s',
        timeout: '10s',
        retries: 10,
        start_period: '10s',
      });
      expect(services[name].restart).toBe('unless-stopped');
      expect(services[name].read_only).toBe(true);
      expect(services[name].tmpfs).toEqual(['/tmp']);
    });

    it('gets the memory budget: the container limit, and the heap cap derived from it', () => {
      expect(services[name].mem_limit).toBe(`${CONTAINER_MEMORY_LIMIT_MIB}m`);
      expect(services[name].environment?.NODE_OPTIONS).toBe(
        heapLimitFlag(CONTAINER_MEMORY_LIMIT_MIB),
      );
    });

    if (file === LOCAL) {
      it('is built from docker/Dockerfile with its APP and PORT, as a local image', () => {
        expect(services[name].build).toEqual({
          context: ROOT,
          dockerfile: 'docker/Dockerfile',
          args: { APP: name, PORT: String(port) },
        });
        expect(services[name].image).toBe(`microservice-demo/${name}:local`);
      });
    } else {
      it('runs the published image for the package.json version, and builds nothing', () => {
        expect(services[name].build).toBeUndefined();
        expect(services[name].image).toBe(`${DEFAULT_REPO}:${name}-${VERSION}`);
      });
    }
  });
});

describe('overrides from the environment', () => {
  it('IMAGE_REPO and IMAGE_TAG choose the images of docker-compose-quay.yaml', () => {
    const services = composeConfig(QUAY, {
      IMAGE_REPO: 'registry.example.com/team/demo',
      IMAGE_TAG: '2.3.4',
    });
    for (const name of SERVICE_NAMES) {
      expect(services[name].image).toBe(`registry.example.com/team/demo:${name}-2.3.4`);
    }
  });

  it.each([LOCAL, QUAY])('INSTABOOK_API_TOKEN reaches both instabook services in %s', (file) => {
    const services = composeConfig(file, { INSTABOOK_API_TOKEN: 'rotated-token' });
    expect(services.instabook.environment?.INSTABOOK_API_TOKEN).toBe('rotated-token');
    expect(services['instabook-cache'].environment?.INSTABOOK_API_TOKEN).toBe('rotated-token');
  });
});

describe.each([LOCAL, QUAY])('scenarios in %s', (file) => {
  // one `config` each (it takes seconds): the defaults, and every variable set at once
  const scenarios = Object.fromEntries(
    SERVICE_NAMES.map((name, i) => [
      scenariosVariableOf(name),
      `latency:ms=${100 + i},route=/product;error-rate:rate=0.25,status=503`,
    ]),
  );
  let defaults: Record<ComposeName, ComposeService>;
  let overridden: Record<ComposeName, ComposeService>;

  beforeAll(() => {
    defaults = composeConfig(file);
    overridden = composeConfig(file, {
      ...scenarios,
      ADMIN_TOKEN: 'admin-s3cret',
      GRAFANA_URL: 'https://grafana.example.com',
    });
  });

  it('<SERVICE>_SCENARIOS reaches that service only, as written; ADMIN_TOKEN reaches all nine', () => {
    for (const name of SERVICE_NAMES) {
      // each service got a different string: a crossed wire shows as the neighbour's value
      expect({ name, value: overridden[name].environment?.SCENARIOS }).toEqual({
        name,
        value: scenarios[scenariosVariableOf(name)],
      });
      expect({ name, token: overridden[name].environment?.ADMIN_TOKEN }).toEqual({
        name,
        token: 'admin-s3cret',
      });
    }
  });

  it("the console's CONSOLE_SERVICES name each service's container and its listening port", () => {
    const entries = (defaults[CONSOLE_HOST].environment?.CONSOLE_SERVICES ?? '').split(',');
    expect(entries.map((entry) => entry.split('=')[0])).toEqual([...SERVICE_NAMES]);
    for (const entry of entries) {
      const [name, target] = entry.split('=') as [ServiceName, string];
      const { hostname, port } = new URL(target);
      // Compose DNS: the service's own name; the port it listens on inside the network
      expect(hostname).toBe(name);
      expect(defaults[name].ports.map((p) => Number(p.target))).toContain(Number(port));
    }
  });

  it('GRAFANA_URL links the console to the Grafana this file publishes, or to the one given', () => {
    expect(defaults.grafana.ports.map((p) => Number(p.published))).toContain(
      Number(new URL(GRAFANA_URL).port),
    );
    expect(defaults[CONSOLE_HOST].environment?.GRAFANA_URL).toBe(GRAFANA_URL);
    expect(overridden[CONSOLE_HOST].environment?.GRAFANA_URL).toBe('https://grafana.example.com');
  });
});

describe.each([LOCAL, QUAY])('tracing in %s', (file) => {
  it('OTEL_EXPORTER_OTLP_ENDPOINT reaches all nine services', () => {
    const services = composeConfig(file, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' });
    for (const name of SERVICE_NAMES) {
      expect(services[name].environment?.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://jaeger:4318');
    }
  });

  it('has a pinned Jaeger with OTLP/HTTP and its UI, started only with the tracing profile', () => {
    const services: Record<string, ComposeService> = composeConfig(file, {}, ['tracing']);
    expect(services.jaeger.profiles).toEqual(['tracing']);
    for (const name of SERVICE_NAMES) expect(services[name].profiles).toBeUndefined();
    expect(services.jaeger.image).toMatch(/^docker\.io\/jaegertracing\/all-in-one:\d+\.\d+\.\d+$/);
    expect(
      services.jaeger.ports.map((p) => [Number(p.published), Number(p.target)]).sort(),
    ).toEqual([
      [16686, 16686],
      [4318, 4318],
    ]);
  });
});

describe('both files', () => {
  it('describe the same system apart from where the images come from', () => {
    const withoutImages = (services: Record<ServiceName | Watcher, ComposeService>) =>
      Object.fromEntries(
        Object.entries(services).map(([name, { build: _build, image: _image, ...rest }]) => [
          name,
          rest,
        ]),
      );
    expect(withoutImages(composeConfig(QUAY))).toEqual(withoutImages(composeConfig(LOCAL)));
  });

  it('pin the same Prometheus and Grafana images', () => {
    const [local, quay] = [composeConfig(LOCAL), composeConfig(QUAY)];
    for (const watcher of WATCHERS) expect(quay[watcher].image).toBe(local[watcher].image);
  });

  it('pass only build args that docker/Dockerfile declares', () => {
    const dockerfile = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ARG APP\b/m);
    expect(dockerfile).toMatch(/^ARG PORT\b/m);
  });
});

describe('scripts/test-containers.sh', () => {
  it('builds and starts exactly the nine services, by name, and never prometheus or grafana', () => {
    const script = readFileSync(join(ROOT, 'scripts', 'test-containers.sh'), 'utf8');
    const list = /^SERVICES=\(([^)]*)\)$/m.exec(script);
    expect(list?.[1].split(/\s+/)).toEqual([...SERVICE_NAMES]);
    // every compose call that builds or starts containers names them, so the two watchers
    // (their images cannot be pulled on CI machines) are never built, pulled or started
    const calls = script
      .split('\n')
      .filter((line) => /^\s*(compose|timeout .*COMPOSE).* (build|up)\b/.test(line));
    expect(calls).toHaveLength(2);
    for (const line of calls) expect(line).toContain('"${SERVICES[@]}"');
  });
});
