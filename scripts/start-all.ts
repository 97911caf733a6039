/**
 * Runs the demo locally without Docker: every service (or the ones named) as its own Node
 * process on its port of the topology table, wired to each other by env, with each log
 * line prefixed by its service. Ctrl-C stops them all. Run `npm start` (which builds first).
 * Like Kubernetes, it restarts a service that exits after it was healthy (and says so); a
 * service that cannot start at all fails the whole run.
 *
 *   node dist/scripts/start-all.js [--port name=PORT ...] [service ...]
 */
import { type Command, concurrently } from 'concurrently';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  SERVICE_NAMES,
  ServiceName,
  TOPOLOGY,
  environment,
  heapLimitFlag,
  isServiceName,
  scenariosVariableOf,
} from '@app/config';

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

/** The env of one service: its port, the URL of every service it calls, its scenarios. */
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
  // per service, as under Compose: CHECKOUT_SERVICE_SCENARIOS=memory-leak npm start
  const scenarios = environment()[scenariosVariableOf(name)];
  if (scenarios) env.SCENARIOS = scenarios;
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

/** The first wait before restarting a service that exited; doubled while it keeps failing. */
const RESTART_DELAY_MS = 1_000;
const RESTART_DELAY_MAX_MS = 16_000;
/** How long a failed run waits for the services to stop on SIGTERM before it kills them. */
const STOP_GRACE_MS = 5_000;

/** How a service ended, for a line a human reads: "code 1", or "signal SIGKILL" (the OOM killer). */
function describeExit(exitCode: string | number): string {
  return typeof exitCode === 'number' ? `code ${exitCode}` : `signal ${exitCode}`;
}

/**
 * Keeps the services running the way Kubernetes or Compose's `restart` would: a service
 * that crashes after it was healthy (a non-zero exit or a signal: the unhandled-rejection
 * scenario, `kill -9`) is reported and started again after a short delay, while the others
 * keep running. One that stops cleanly (exit 0: `kill <pid>`, its SIGTERM drain) was stopped
 * on purpose, as the "service down" stories do, and stays down. A service that dies before
 * it was ever healthy (a bad env variable, a taken port) cannot be fixed by restarting it:
 * that stops everything, and the run fails.
 */
class Supervisor {
  private stopping = false;
  private failed = false;
  private readonly everHealthy = new Set<string>();
  private readonly restarts = new Map<string, number>();
  private readonly delays = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastExit = new Map<string, string | number>();
  private readonly done: Promise<number>;
  private finish: (code: number) => void = () => undefined;
  /** Aborted once the run is stopping: ends every health poll. */
  readonly stopped = new AbortController();

  constructor(
    private readonly commands: Command[],
    private readonly ports: Record<ServiceName, number>,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
    for (const command of commands) {
      command.close.subscribe(({ exitCode }) => this.exited(command, exitCode));
    }
    // concurrently forwards these signals to every service; we only stop restarting
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => this.stop(false));
    }
  }

  /** The exit code of the whole run, once every service has stopped. */
  result(): Promise<number> {
    return this.done;
  }

  markHealthy(name: string): void {
    this.everHealthy.add(name);
  }

  /** Stops every service (SIGTERM: they drain and exit 0); `failed` makes the run exit 1. */
  stop(failed: boolean): void {
    this.failed ||= failed;
    if (this.stopping) return;
    this.stopping = true;
    this.stopped.abort();
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    // a service waiting for its restart is not running: only the exits from here on count
    for (const command of this.commands) {
      if (command.state !== 'started') this.lastExit.delete(command.name);
    }
    if (failed) {
      this.commands.forEach((command) => command.kill('SIGTERM'));
      // a SIGTERM that reaches a service in the middle of its start can be lost (seen about
      // one run in five on a loaded machine: the service came up and kept running); what is
      // still running STOP_GRACE_MS later is killed outright
      setTimeout(() => {
        for (const command of this.commands) {
          if (command.state === 'started' && command.pid !== undefined) {
            process.stderr.write(`start-all: ${command.name} did not stop; killing it\n`);
            try {
              process.kill(command.pid, 'SIGKILL');
            } catch {
              // it ended meanwhile
            }
          }
        }
      }, STOP_GRACE_MS).unref();
    }
    this.maybeDone();
  }

  private exited(command: Command, exitCode: string | number): void {
    const { name } = command;
    this.lastExit.set(name, exitCode);
    if (this.stopping) {
      this.maybeDone();
      return;
    }
    if (!this.everHealthy.has(name)) {
      process.stderr.write(
        `start-all: ${name} exited with ${describeExit(exitCode)} before it was healthy; stopping everything\n`,
      );
      this.stop(true);
      return;
    }
    if (exitCode === 0) {
      process.stderr.write(
        `start-all: ${name} stopped (exit code 0); not restarting what was stopped on purpose\n`,
      );
      // nothing left running and nothing to restart: the run is over
      if (this.commands.every((other) => other.state !== 'started') && this.timers.size === 0) {
        this.stop(false);
      }
      return;
    }
    const restart = (this.restarts.get(name) ?? 0) + 1;
    const delay = this.delays.get(name) ?? RESTART_DELAY_MS;
    this.restarts.set(name, restart);
    this.delays.set(name, Math.min(delay * 2, RESTART_DELAY_MAX_MS));
    process.stderr.write(
      `start-all: ${name} exited with ${describeExit(exitCode)}; restarting in ${delay / 1000} s (restart #${restart})\n`,
    );
    this.timers.set(
      name,
      setTimeout(() => {
        this.timers.delete(name);
        command.start();
        void this.watchRestart(name, restart);
      }, delay),
    );
  }

  private async watchRestart(name: string, restart: number): Promise<void> {
    const port = this.ports[name as ServiceName];
    const deadline = Date.now() + HEALTH_DEADLINE_MS;
    if (await waitUntilHealthy(name as ServiceName, port, deadline, this.stopped.signal)) {
      // healthy again: the next crash waits the shortest delay again
      this.delays.delete(name);
      process.stdout.write(`start-all: ${name} is healthy again after restart #${restart}\n`);
    }
  }

  private maybeDone(): void {
    if (!this.stopping || this.commands.some((command) => command.state === 'started')) return;
    // Ctrl-C: concurrently reports services stopped by SIGINT as 0 (a clean stop)
    const clean = [...this.lastExit.values()].every((code) => code === 0);
    this.finish(this.failed || !clean ? 1 : 0);
  }
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
    // no killOthersOn and no restartTries: the Supervisor decides, knowing which services
    // were healthy; concurrently's own result would end the run at the first crash
    { prefix: '[{name}]', padPrefix: true, killSignal: 'SIGTERM' },
  );
  void result.catch(() => undefined);
  const supervisor = new Supervisor(commands, ports);
  const started = Date.now();
  const deadline = Date.now() + HEALTH_DEADLINE_MS;
  const healthy = await Promise.all(
    services.map(async (name) => {
      const ok = await waitUntilHealthy(name, ports[name], deadline, supervisor.stopped.signal);
      if (ok) supervisor.markHealthy(name);
      return ok;
    }),
  );
  if (healthy.every(Boolean)) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(banner(services, ports, seconds));
  } else if (!supervisor.stopped.signal.aborted) {
    process.stderr.write('start-all: stopping everything because a service did not come up\n');
    supervisor.stop(true);
  }
  process.exit(await supervisor.result());
}

void main();
