/**
 * Watches the `npm start` stack with Prometheus: Debian's (or any) `prometheus` binary runs
 * the shipped docker/prometheus/prometheus.yml and its alerting rules against the services
 * on this machine, on http://localhost:9090. Ctrl-C stops it. Run `npm run observe`.
 *
 *   node dist/scripts/observe.js [--port name=PORT ...] [--prometheus-port 9090] [--dir .observe]
 *
 * --port mirrors `npm start -- --port`: scrape a service moved there. The config copy, the
 * generated target file and the TSDB live in --dir (default .observe/, gitignored); the data
 * is kept between runs, the config rewritten each time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVICE_NAMES, ServiceName, environment, isServiceName } from '@app/config';
import { localTargets, prometheusArgs, writeLocalConfig } from './prometheus-config';

const ROOT = join(__dirname, '..', '..');
const READY_DEADLINE_MS = 30_000;
const STOP_DEADLINE_MS = 10_000;
const INSTALL =
  process.platform === 'darwin'
    ? 'brew install prometheus'
    : 'sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus';

function fail(message: string): never {
  process.stderr.write(`observe: ${message}\n`);
  process.exit(1);
}

function parse(): { ports: Partial<Record<ServiceName, number>>; listen: number; dir: string } {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', multiple: true, default: [] },
      'prometheus-port': { type: 'string', default: '9090' },
      dir: { type: 'string', default: join(ROOT, '.observe') },
    },
  });
  const ports: Partial<Record<ServiceName, number>> = {};
  for (const pair of values.port ?? []) {
    const [name, port] = pair.split('=');
    if (!isServiceName(name) || !isPort(port)) {
      fail(`--port expects <service>=<port> (${SERVICE_NAMES.join(', ')}), got "${pair}"`);
    }
    ports[name] = Number(port);
  }
  const listen = values['prometheus-port'];
  if (!isPort(listen)) fail(`--prometheus-port expects a port, got "${listen}"`);
  return { ports, listen: Number(listen), dir: resolve(values.dir ?? '.observe') };
}

function isPort(value: string | undefined): boolean {
  return /^\d{1,5}$/.test(value ?? '') && Number(value) > 0 && Number(value) <= 65535;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `prometheus` on PATH, else Debian's /usr/bin/prometheus. */
function findPrometheus(): string | undefined {
  const onPath = (environment().PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'prometheus'));
  return [...onPath, '/usr/bin/prometheus'].find(isExecutableFile);
}

/** Finds Prometheus, installing Debian's package when we are root with apt-get (as `npm test` does). */
function prometheusBinary(): string {
  const found = findPrometheus();
  if (found) return found;
  const canInstall = process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0;
  if (!canInstall) fail(`prometheus is not installed. Install it with: ${INSTALL}`);
  process.stdout.write('observe: installing prometheus with apt-get (first run only)\n');
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'prometheus']]) {
    const result = spawnSync('apt-get', ['-qq', '-o', 'DPkg::Lock::Timeout=600', ...args], {
      env: { ...environment(), DEBIAN_FRONTEND: 'noninteractive' },
      stdio: 'inherit',
    });
    if (result.status !== 0) fail(`apt-get ${args.join(' ')} failed; install by hand: ${INSTALL}`);
  }
  return findPrometheus() ?? fail(`prometheus is still not found after apt-get; ${INSTALL}`);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, () => probe.close(() => done(true)));
  });
}

async function waitUntilReady(url: string, exited: () => boolean): Promise<boolean> {
  const deadline = Date.now() + READY_DEADLINE_MS;
  while (Date.now() < deadline && !exited()) {
    try {
      if ((await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  return false;
}

async function main(): Promise<void> {
  const { ports, listen, dir } = parse();
  const binary = prometheusBinary();
  if (!(await portIsFree(listen))) {
    fail(
      `port ${listen} is already in use (a Prometheus already running? Debian's package ` +
        'starts one as a service: `sudo systemctl stop prometheus`); or pass --prometheus-port <port>',
    );
  }
  const targets = localTargets(ports);
  rmSync(join(dir, 'config'), { recursive: true, force: true });
  const config = writeLocalConfig(ROOT, join(dir, 'config'), targets);
  mkdirSync(join(dir, 'data'), { recursive: true });

  const child = spawn(
    binary,
    prometheusArgs({ config, data: join(dir, 'data'), listen: `127.0.0.1:${listen}` }),
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  let exitCode: number | null | undefined;
  const exited = new Promise<number>((done) =>
    child.once('exit', (code, signal) => {
      exitCode = code;
      done(code ?? (signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1));
    }),
  );
  // Ctrl-C reaches Prometheus with the terminal's process group; SIGTERM (e.g. from a test
  // or a supervisor) reaches only us, so we pass it on. Either way we wait for its exit.
  const stop = () => {
    if (exitCode === undefined) child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const url = `http://localhost:${listen}`;
  if (await waitUntilReady(url, () => exitCode !== undefined)) {
    const scraped = targets.map(
      ({ targets: [address], labels }) => `  ${labels.service.padEnd(26)} ${address}`,
    );
    process.stdout.write(
      [
        '',
        `Prometheus ${binary} is ready on ${url}, scraping every 5 s:`,
        ...scraped,
        '',
        `  Targets:  ${url}/targets      Alerts: ${url}/alerts`,
        `  Query:    ${url}/graph?g0.expr=up`,
        `  Config:   ${config} (rules: docker/prometheus/rules)`,
        `  Data:     ${join(dir, 'data')}`,
        '  Stop:     Ctrl-C',
        '',
      ].join('\n'),
    );
  } else if (exitCode === undefined) {
    process.stderr.write(`observe: Prometheus was not ready after ${READY_DEADLINE_MS} ms\n`);
    stop();
  }
  process.exit(await exited);
}

void main();
