// What tracing costs the instabook chain (instabook → instabook-cache), measured side by side
// in one run with autocannon:
//
//   npm run build && npm run bench:tracing [-- --baseline <dist dir>] [--duration 10] [--connections 10]
//
// Variants, each its own instabook + instabook-cache pair on its own ports, all started up front:
//   baseline     the code before OpenTelemetry (commit eb5d9f0, hand-built trace context),
//                built into /tmp/bench-tracing-base unless --baseline names its dist/ folder
//   no endpoint  this build, OTEL_EXPORTER_OTLP_ENDPOINT unset: spans exist, nothing exported
//   export on    this build exporting OTLP/HTTP protobuf to a local receiver (in this process,
//                answering 200 to every batch, so the receiver's own cost is near nothing)
// Each variant gets a warm-up; then the measured runs go round-robin (--rounds, default 5), so
// that a neighbour's burst of CPU on a shared machine does not land on one variant only, and
// the median run of each variant is reported. Load: POST /booking/session with the body and
// headers the booking load generator sends (a new session, a traceparent and x-request-id).
/* global fetch, AbortSignal */
import autocannon from 'autocannon';
import { execFileSync, execSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { environment } from '../libs/config/environment.cjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BASELINE_COMMIT = 'eb5d9f0';
const BASELINE_TREE = '/tmp/bench-tracing-base';

const { values: options } = parseArgs({
  options: {
    baseline: { type: 'string' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '5' },
  },
});
const DURATION = Number(options.duration);
const WARMUP = Number(options.warmup);
const CONNECTIONS = Number(options.connections);
const ROUNDS = Number(options.rounds);

function log(message) {
  process.stderr.write(`bench:tracing: ${message}\n`);
}

/** The pre-OpenTelemetry code compiled, sharing this checkout's node_modules. */
function baselineDist() {
  if (options.baseline) return resolve(options.baseline);
  const dist = join(BASELINE_TREE, 'dist');
  if (existsSync(join(dist, 'apps/instabook/src/main.js'))) return dist;
  log(`building ${BASELINE_COMMIT} in ${BASELINE_TREE} (once)`);
  if (!existsSync(join(BASELINE_TREE, 'package.json'))) {
    // a plain export of the commit, not a git worktree: nothing is registered in the repository
    mkdirSync(BASELINE_TREE, { recursive: true });
    execSync(`git archive ${BASELINE_COMMIT} | tar -x -C ${BASELINE_TREE}`, {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  if (!existsSync(join(BASELINE_TREE, 'node_modules'))) {
    symlinkSync(join(ROOT, 'node_modules'), join(BASELINE_TREE, 'node_modules'));
  }
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: BASELINE_TREE, stdio: 'inherit' });
  return dist;
}

async function freePort() {
  const server = createNetServer().listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/** A minimal OTLP/HTTP receiver: counts what arrives and accepts it. */
async function startReceiver() {
  const received = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on('data', (chunk) => (received.bytes += chunk.length));
    req.on('end', () => {
      received.requests += 1;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  return { server, received, url: `http://127.0.0.1:${server.address().port}` };
}

async function waitHealthy(url, child) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not become healthy within 30 s`);
}

function startService(dist, service, env) {
  // stdout to /dev/null: every variant still formats and writes its log lines
  return spawn(process.execPath, [join(dist, 'apps', service, 'src', 'main.js')], {
    env: { ...environment(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stop(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const exited = new Promise((done) => child.once('exit', done));
  if (!(await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]))) {
    child.kill('SIGKILL');
    await exited;
  }
}

const { buildSessionBody } = createRequire(import.meta.url)(
  join(ROOT, 'dist/apps/load-generator-instabook/src/booking-traffic/session-body.js'),
);

function load(url, seconds) {
  return autocannon({
    url: `${url}/booking/session`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          headers: {
            'content-type': 'application/json',
            traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
            'x-request-id': randomBytes(16).toString('hex'),
          },
          body: JSON.stringify(buildSessionBody()),
        }),
      },
    ],
  });
}

/** One variant's pair of services, healthy and warmed up. */
async function startVariant(name, dist, otelEnv) {
  const [cachePort, instabookPort] = [await freePort(), await freePort()];
  const cache = startService(dist, 'instabook-cache', { PORT: String(cachePort), ...otelEnv });
  const instabook = startService(dist, 'instabook', {
    PORT: String(instabookPort),
    INSTABOOK_CACHE_SERVICE: `http://127.0.0.1:${cachePort}`,
    ...otelEnv,
  });
  const variant = {
    name,
    url: `http://127.0.0.1:${instabookPort}`,
    children: [instabook, cache],
    runs: [],
  };
  await waitHealthy(`http://127.0.0.1:${cachePort}`, cache);
  await waitHealthy(variant.url, instabook);
  log(`${name}: warm-up ${WARMUP} s`);
  await load(variant.url, WARMUP);
  return variant;
}

/** CPU seconds a process has used so far (Linux /proc; utime + stime in clock ticks of 1/100 s). */
function cpuSeconds(child) {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function measure(variant) {
  const cpuBefore = variant.children.map(cpuSeconds);
  const result = await load(variant.url, DURATION);
  const cpu = variant.children.reduce((sum, child, i) => sum + cpuSeconds(child) - cpuBefore[i], 0);
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) {
    throw new Error(`${variant.name}: ${failed} of ${result.requests.total} requests failed`);
  }
  variant.runs.push({
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // CPU per request of both services: what the code costs, whatever the neighbours take
    cpuMs: (cpu * 1000) / result.requests.total,
  });
  log(
    `${variant.name}: ${result.requests.average.toFixed(0)} req/s, ${((cpu * 1000) / result.requests.total).toFixed(2)} CPU ms/req`,
  );
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  if (!existsSync(join(ROOT, 'dist/apps/instabook/src/main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first');
  }
  const baseline = baselineDist();
  const receiver = await startReceiver();
  const variants = [];
  try {
    variants.push(await startVariant('baseline (before OpenTelemetry)', baseline, {}));
    variants.push(await startVariant('OpenTelemetry, no endpoint', join(ROOT, 'dist'), {}));
    variants.push(
      await startVariant('OpenTelemetry, export on', join(ROOT, 'dist'), {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      }),
    );
    for (let round = 1; round <= ROUNDS; round++) {
      log(`round ${round} of ${ROUNDS}: ${DURATION} s per variant, ${CONNECTIONS} connections`);
      for (const variant of variants) await measure(variant);
    }
  } finally {
    await Promise.all(variants.flatMap((variant) => variant.children.map(stop)));
    receiver.server.close();
  }
  const rows = variants.map(({ name, runs }) => ({
    name,
    rps: median(runs.map((run) => run.rps)),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    cpuMs: median(runs.map((run) => run.cpuMs)),
  }));
  if (receiver.received.requests === 0) throw new Error('export on: the receiver got nothing');

  const base = rows[0].rps;
  const baseCpu = rows[0].cpuMs;
  const width = Math.max(...rows.map((row) => row.name.length));
  const lines = [
    `${'variant'.padEnd(width)}  ${'req/s'.padStart(8)}  ${'p50 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}  of baseline  ${'CPU ms/req'.padStart(10)}  req/CPU-s of baseline`,
    ...rows.map(
      (row) =>
        `${row.name.padEnd(width)}  ${row.rps.toFixed(0).padStart(8)}  ${String(row.p50).padStart(7)}  ${String(row.p99).padStart(7)}  ${((row.rps / base) * 100).toFixed(1).padStart(10)} %  ${row.cpuMs.toFixed(2).padStart(10)}  ${((baseCpu / row.cpuMs) * 100).toFixed(1).padStart(20)} %`,
    ),
    `(median of ${ROUNDS} rounds of ${DURATION} s per variant after ${WARMUP} s warm-up, ${CONNECTIONS} connections, Node ${process.version}; ` +
      `receiver got ${receiver.received.requests} OTLP requests, ${(receiver.received.bytes / 1024).toFixed(0)} KiB)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const noEndpoint = rows[1].rps / base;
  if (noEndpoint < 0.9) {
    process.stderr.write(
      `bench:tracing: no-endpoint throughput is ${(noEndpoint * 100).toFixed(1)} % of baseline, below 90 %\n`,
    );
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(
    `bench:tracing: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
