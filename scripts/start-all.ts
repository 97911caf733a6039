/**
 * Runs the demo locally without Docker: every service (or the ones named) as its own Node
 * process on its port of the topology table, wired to each other by env, with each log
 * line prefixed by its service. Ctrl-C stops them all. Run `npm start` (which builds first).
 *
 *   node dist/scripts/start-all.js [--port name=PORT ...] [service ...]
 */
import { concurrently } from 'concurrently';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVICE_NAMES, ServiceName, TOPOLOGY, heapLimitFlag, isServiceName } from '@app/config';

const COLORS = [
  'cyan',
  'green',
  'yellow',
  'blue',
  'magenta',
  'red',
  'white',
  'gray',
  'greenBright',
];
const HEALTH_DEADLINE_MS = 60_000;

function fail(message: string): never {
  process.stderr.write(`start-all: ${message}\n`);
  process.exit(1);
}

function parse(): { services: ServiceName[]; ports: Record<ServiceName, number> } {
  const { values, positionals } = parseArgs({
    options: { port: { type: 'string', multiple: true, default: [] } },
    allowPositionals: true,
  });
  for (const name of positionals) {
    if (!isServiceName(name)) fail(`unknown service "${name}"; known: ${SERVICE_NAMES.join(', ')}`);
  }
  const ports = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, TOPOLOGY[name].port]),
  ) as Record<ServiceName, number>;
  for (const pair of values.port ?? []) {
    const [name, port] = pair.split('=');
    if (!isServiceName(name) || !/^\d{1,5}$/.test(port ?? '') || Number(port) > 65535) {
      fail(`--port expects <service>=<port>, got "${pair}"`);
    }
    ports[name] = Number(port);
  }
  const services = positionals.length > 0 ? (positionals as ServiceName[]) : [...SERVICE_NAMES];
  return { services, ports };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

/** The env of one service: its port, and the URL of every service it calls. */
function envOf(name: ServiceName, ports: Record<ServiceName, number>): Record<string, string> {
  const spec = TOPOLOGY[name];
  const env: Record<string, string> = { [spec.portEnv]: String(ports[name]) };
  for (const [variable, downstream] of Object.entries(spec.downstreams)) {
    env[variable] = `http://localhost:${ports[downstream]}`;
  }
  if (name === 'gateway') {
    // the console reads every service, and links to the token page
    env.CONSOLE_SERVICES = SERVICE_NAMES.map(
      (service) => `${service}=http://localhost:${ports[service]}`,
    ).join(',');
    env.CONSOLE_TOKEN_PAGE_URL = `http://localhost:${ports['instabook-cache']}/admin/`;
  }
  return env;
}

async function waitUntilHealthy(
  name: ServiceName,
  port: number,
  deadline: number,
  gaveUp: AbortSignal,
): Promise<boolean> {
  while (Date.now() < deadline) {
    if (gaveUp.aborted) return false;
    try {
      const res = await fetch(`http://localhost:${port}/health`, {
        signal: AbortSignal.timeout(1000),
      });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!gaveUp.aborted) {
    process.stderr.write(`start-all: ${name} did not become healthy on port ${port}\n`);
  }
  return false;
}

function banner(
  services: ServiceName[],
  ports: Record<ServiceName, number>,
  seconds: string,
): string {
  const url = (name: ServiceName, path = '') => `http://localhost:${ports[name]}${path}`;
  const lines = services.map((name) => `  ${name.padEnd(26)} ${url(name)}`);
  const tips = [
    services.includes('gateway') &&
      `  Shop:          curl ${url('gateway', '/products?currency=EUR')}`,
    services.includes('gateway') && `  Console:       ${url('gateway', '/console')}`,
    services.includes('instabook-cache') && `  Token toggle:  ${url('instabook-cache', '/admin')}`,
    `  Metrics:       <service URL>/metrics   Health: <service URL>/health`,
  ].filter(Boolean);
  return [
    '',
    `All ${services.length} services are healthy after ${seconds} s:`,
    ...lines,
    '',
    ...tips,
    '  Stop:          Ctrl-C',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const { services, ports } = parse();
  for (const name of services) {
    if (!(await portIsFree(ports[name]))) {
      fail(
        `port ${ports[name]} (${name}) is already in use; stop what holds it or pass --port ${name}=<free port>`,
      );
    }
  }
  const root = join(__dirname, '..');
  const { result, commands } = concurrently(
    services.map((name, index) => ({
      name,
      // exec: the service replaces the shell, so signals reach it and its exit code is ours;
      // the heap cap is the one its container gets
      command: `exec node ${heapLimitFlag()} ${join(root, 'apps', name, 'src', 'main.js')}`,
      env: envOf(name, ports),
      prefixColor: COLORS[index % COLORS.length],
    })),
    { prefix: '[{name}]', padPrefix: true, killOthersOn: ['failure'], killSignal: 'SIGTERM' },
  );
  const started = Date.now();
  // a service that dies while starting ends `result` (and, via killOthersOn, the rest):
  // stop waiting for health then instead of polling until the deadline
  const ended = new AbortController();
  const exit = result.then(
    () => 0,
    () => 1,
  );
  void exit.finally(() => ended.abort());
  const deadline = Date.now() + HEALTH_DEADLINE_MS;
  const healthy = await Promise.all(
    services.map((name) => waitUntilHealthy(name, ports[name], deadline, ended.signal)),
  );
  if (healthy.every(Boolean)) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(banner(services, ports, seconds));
  } else if (!ended.signal.aborted) {
    process.stderr.write('start-all: stopping everything because a service did not come up\n');
    commands.forEach((command) => command.kill('SIGTERM'));
  }
  process.exit(await exit);
}

void main();
