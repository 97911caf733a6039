import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SERVICE_NAMES, ServiceName, TOPOLOGY, environment } from '@app/config';
import { metricValue, waitFor } from '@app/testing';
import { GroupReaper, groupAlive } from './reaper';

export { metricValue, waitFor };

export const ROOT = join(__dirname, '..', '..');

/** Ports nobody listens on right now (the OS hands out distinct ephemeral ports). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer();
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return server;
    }),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Kills what we started if this run dies first: see {@link GroupReaper}. */
const reaper = new GroupReaper();

/**
 * A process we started, detached (a process group of its own), with its output kept line by
 * line for assertions: every line, or only the last `keepLines` of a process that logs too much
 * to keep (a soak's million requests).
 */
export class RunningProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly child: ChildProcess,
    keepLines = Infinity,
  ) {
    const keep = (line: string) => {
      this.lines.push(line);
      if (this.lines.length > keepLines) this.lines.shift();
    };
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', keep);
    }
    const pgid = child.pid;
    if (pgid) reaper.register(pgid);
    this.exited = once(child, 'exit').then(([code, signal]) => {
      // a group outlives its leader while a child of it runs: then it stays the reaper's
      if (pgid && !this.groupAlive()) reaper.release(pgid);
      return { code: code as number | null, signal: signal as NodeJS.Signals | null };
    });
  }

  output(): string {
    return this.lines.join('\n');
  }

  waitForLine(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    return waitFor(
      `a line matching ${String(pattern)}`,
      () => this.lines.find((line) => pattern.test(line)),
      timeoutMs,
    );
  }

  /** Sends `signal` to the whole process group, as a terminal's Ctrl-C does. */
  signalGroup(signal: NodeJS.Signals): void {
    if (this.child.pid) process.kill(-this.child.pid, signal);
  }

  /** True while any process of the group is alive. */
  groupAlive(): boolean {
    return this.child.pid !== undefined && groupAlive(this.child.pid);
  }

  /** Last resort for a test that failed half way: nothing may outlive the test run. */
  async kill(): Promise<void> {
    if (this.groupAlive()) this.signalGroup('SIGKILL');
    await this.exited;
    if (this.child.pid) reaper.release(this.child.pid);
  }
}

/** Env every test process gets: quick drains, quick load, logs at info so tests can read them. */
export const TEST_ENV = {
  LOG_LEVEL: 'info',
  SHUTDOWN_DRAIN_MS: '300',
  LOAD_DELAY_SCALE: '0.05',
  DELAY_BETWEEN_REQUESTS: '1',
  DELAY_BETWEEN_USERS: '1',
};

export function startNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  keepLines?: number,
): RunningProcess {
  return new RunningProcess(
    spawn(process.execPath, [join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...environment(), ...TEST_ENV, ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    keepLines,
  );
}

/**
 * One service as its real built process on a port of the test's choosing, which a test may
 * kill and start again on the same port, as an orchestrator restarts a crashed container.
 */
export class ServiceProcess {
  private running?: RunningProcess;

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    private readonly env: Record<string, string> = {},
    private readonly keepLines?: number,
  ) {}

  url(path = ''): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The service's own process id (it is spawned directly, not through a shell). */
  get pid(): number | undefined {
    return this.running?.child.pid;
  }

  /** The last lines it wrote, for a failure message. */
  output(): string {
    return this.running?.output() ?? '';
  }

  /** Resolves once /health answers 200; a process that never gets there fails with its output. */
  async start(timeoutMs = 30_000): Promise<void> {
    const running = startNode(
      `dist/apps/${this.name}/src/main.js`,
      [],
      { [TOPOLOGY[this.name].portEnv]: String(this.port), ...this.env },
      this.keepLines,
    );
    this.running = running;
    try {
      await waitFor(
        `${this.name} on port ${this.port} to be healthy`,
        async () => (await getJson(this.url('/health'))).status === 200,
        timeoutMs,
        50,
      );
    } catch (error) {
      throw new Error(`${String(error)}\n${running.output()}`);
    }
  }

  /** SIGKILL, as a crash or the OOM killer: no drain, the kernel closes every socket. */
  async kill(): Promise<void> {
    await this.running?.kill();
  }
}

export interface Demo {
  process: RunningProcess;
  ports: Record<ServiceName, number>;
  url(service: ServiceName, path?: string): string;
}

/** Starts the demo the way `npm start` does (dist/scripts/start-all.js), on free ports. */
export async function startDemo(
  services: ServiceName[] = [...SERVICE_NAMES],
  env: Record<string, string> = {},
): Promise<Demo> {
  const free = await freePorts(SERVICE_NAMES.length);
  const ports = Object.fromEntries(SERVICE_NAMES.map((name, i) => [name, free[i]])) as Record<
    ServiceName,
    number
  >;
  const args = [
    ...SERVICE_NAMES.flatMap((name) => ['--port', `${name}=${ports[name]}`]),
    ...services,
  ];
  const demo = startNode('dist/scripts/start-all.js', args, env);
  return {
    process: demo,
    ports,
    url: (service, path = '') => `http://127.0.0.1:${ports[service]}${path}`,
  };
}

/** A JSON answer; `body` is typed loosely on purpose, tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonAnswer = { status: number; body: any };

export async function getJson(url: string, init?: RequestInit): Promise<JsonAnswer> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

export async function getText(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return res.text();
}

/** Stops a demo as Ctrl-C does, and kills whatever is left after `graceMs`. */
export async function stopDemo(demo: Demo | undefined, graceMs = 10_000): Promise<void> {
  if (!demo) return;
  demo.process.signalGroup('SIGINT');
  await Promise.race([
    demo.process.exited,
    new Promise((resolve) => setTimeout(resolve, graceMs).unref()),
  ]);
  await demo.process.kill();
}
