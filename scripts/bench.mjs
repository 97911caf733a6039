// What the services cost, measured against raw node:http baselines in the same run:
// throughput, latency and CPU per request of six workloads, memory of all nine services, and
// how long each takes from spawn to its first /health 200; beside them the framework floor: a
// bare Express 5 app and a bare Nest 11 app (scripts/bench-floor.mjs) measured the same way.
//
//   npm run bench [-- --duration 10] [--warmup 3] [--connections 50]
//                 [--rows chain,cache,floor,product,products,checkout,convert | none]
//                 [--skip-memory] [--skip-startup] [--code bundle|dist] [--check]
//                 [--out bench/RESULTS.md] [--keep-logs]
//
// `npm run bench` builds, bundles all nine (scripts/bundle.mjs) and runs this file. The
// services run as shipped: the esbuild bundles dist/bundle/<service>/main.js, each from its
// own folder, as the image does (`--code dist` runs dist/apps/<service>/src/main.js, what
// `npm start` runs), with NODE_ENV=production, the heap cap of libs/config/src/memory.ts in
// NODE_OPTIONS (as Helm sets it), the default log level, and stdout + stderr appended to a
// log file per service in a temporary folder (logging is part of the cost). They listen on
// free loopback ports, wired to each other by the env variables of libs/config/src/topology.ts.
// Nothing but the benchmark's own environment reaches them: no LOG_LEVEL, no OTEL_* variable.
//
// Rows (each: a status and content check, a warm-up of --warmup s for each side, then subject
// and baseline alternate twice for --duration s each at --connections; the better run of each
// side, by req/s, is reported, all runs' req/s beside it):
//   chain     instabook GET /booking/session/:id over 100 seeded sessions → instabook-cache,
//             against a raw 2-hop relay (front → back over a keep-alive agent)
//   cache     instabook-cache GET /cache/session/:id with the Bearer token, against a raw 1-hop
//   floor     two table rows, `floor: express` and `floor: nest`: the cache's load (same paths,
//             same Bearer header) on a bare Express 5 app and on a bare Nest 11 app
//             (scripts/bench-floor.mjs, started by the row, unbundled from node_modules), each
//             against its own raw 1-hop exactly as the cache row; no target: they show what the
//             framework alone costs, and so which ratios no service built on it can reach
//   product   gateway GET /product/1?currency=EUR (catalog, then currency + ads), against a raw
//             fan-out to 3 back servers in parallel
//   products  gateway GET /products (catalog, then ads), against a raw fan-out to 2
//   checkout  gateway POST /checkout, two items in GBP (→ checkout-service → catalog and
//             currency per item), against a raw fan-out to 3
//   convert   currency-service GET /convert?from=USD&to=EUR&amount=100, against a raw 1-hop
// The baselines are scripts/bench-baselines.mjs, one process per server, answering the bodies
// the real services answered (captured at the start of the row), so both send the same bodies.
// CPU per request comes from /proc/<pid>/stat (utime + stime) of every process on the path,
// read before and after each measured run. A row is flagged when any run (warm-up included)
// saw a non-2xx answer or an error, or answers whose mean size is more than 10 % off the
// checked answer's (a degraded 200, such as a product page without its ads).
//
// Memory: all nine are spawned at once (the whole-stack startup time), and after a settle
// their RSS (/proc/<pid>/status VmRSS) is read idle; the load generators have no switch that
// turns their traffic off, so they run with their target pointed at a closed port (they wait
// for it to become healthy) and are stopped before the rows. After the rows, the services'
// RSS is read again. Startup: each service spawned alone three times (median), /health polled
// every 10 ms, beside a bare `node -e "http.createServer(...).listen(port)"`. The bare Express
// and Nest apps of the floor rows stand beside that bare server in both tables (same
// NODE_OPTIONS; idle RSS read with the bare server's, startup spawned three times likewise).
//
// Tables go to stdout (markdown) and to --out with the machine and options; progress goes to
// stderr. Targets, printed as a pass column: chain ≥ 0.25× its baseline's req/s and p99 < 40 ms;
// cache and convert ≥ 0.12×; product ≥ 1,500 req/s and p99 < 100 ms; idle RSS ≤ 70 MB per
// service and ≤ 650 MB for nine; spawn → /health ≤ 400 ms per service (the floor rows and the
// bare servers have none). --check exits 1 when one is missed or a row is flagged, and prints
// which. With --skip-memory and --skip-startup only the services the rows need are started.
// Every child is killed on exit, Ctrl-C or failure; a service that is not healthy within 30 s
// fails the run with the tail of its log. The logs are deleted after a successful run (unless
// --keep-logs) and kept, path printed, after a failed one. Linux only (/proc).
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { cpus, loadavg, release, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { setTimeout as setTimer } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { environment } from '../libs/config/environment.cjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BASELINES = join(ROOT, 'scripts', 'bench-baselines.mjs');
const FLOOR = join(ROOT, 'scripts', 'bench-floor.mjs');
const ALL_ROWS = ['chain', 'cache', 'floor', 'product', 'products', 'checkout', 'convert'];
/** The bare framework apps of scripts/bench-floor.mjs, by its argument. */
const FLOOR_APPS = { express: 'bare Express 5', nest: 'bare Nest 11' };
/** An option row that stands for several table rows. */
const ROW_PARTS = { floor: Object.keys(FLOOR_APPS).map((app) => `floor: ${app}`) };
const rowParts = (rows) => rows.flatMap((row) => ROW_PARTS[row] ?? [row]);
/** A row's name as it may appear in a process label and a file name. */
const slug = (name) => name.replace(/[^a-z0-9]+/g, '-');
const HEALTH_DEADLINE_MS = 30_000;
const POLL_MS = 10;
const SETTLE_MS = 3_000;
const STARTUP_SPAWNS = 3;
const RUNS_PER_SIDE = 2;
const SESSIONS = 100;
const LOG_TAIL_LINES = 25;
/** How far the mean answer size of a run may be from the checked answer's before it is flagged. */
const SIZE_TOLERANCE = 0.1;

const USAGE = `usage: node scripts/bench.mjs [--duration 10] [--warmup 3] [--connections 50]
  [--rows ${ALL_ROWS.join(',')} | none] [--skip-memory] [--skip-startup]
  [--code bundle|dist] [--check] [--out bench/RESULTS.md] [--keep-logs]
(npm run bench builds and bundles first)`;

function usage(message) {
  process.stderr.write(`bench: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '50' },
      rows: { type: 'string', default: ALL_ROWS.join(',') },
      'skip-memory': { type: 'boolean', default: false },
      'skip-startup': { type: 'boolean', default: false },
      'keep-logs': { type: 'boolean', default: false },
      code: { type: 'string', default: 'bundle' },
      check: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench/RESULTS.md' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
const options = parsed.values;
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

function numberOption(name, min) {
  const value = Number(options[name]);
  if (!Number.isFinite(value) || value < min) usage(`--${name} must be a number ≥ ${min}`);
  return value;
}
const DURATION = numberOption('duration', 1);
const WARMUP = numberOption('warmup', 0);
const CONNECTIONS = Math.round(numberOption('connections', 1));
const ROWS = options.rows === 'none' ? [] : options.rows.split(',').filter(Boolean);
for (const row of ROWS) {
  if (!ALL_ROWS.includes(row)) usage(`unknown row "${row}"; rows: ${ALL_ROWS.join(', ')}, none`);
}
if (!['bundle', 'dist'].includes(options.code)) usage('--code is bundle or dist');
const CODE = options.code;
const MEMORY = !options['skip-memory'];
const STARTUP = !options['skip-startup'];
const OUT = resolve(options.out);

function log(message) {
  process.stderr.write(`bench: ${message}\n`);
}

// ---- the project's own tables, compiled by `npm run build` ---------------------------------

const require = createRequire(import.meta.url);
function compiled(path) {
  const file = join(ROOT, 'dist', path);
  if (!existsSync(file)) {
    log(`${relative(ROOT, file)} is missing: run \`npm run build\` first (npm run bench does)`);
    process.exit(1);
  }
  return require(file);
}
const { SERVICE_NAMES, TOPOLOGY } = compiled('libs/config/src/topology.js');
const { heapLimitFlag } = compiled('libs/config/src/memory.js');
const HEAP_FLAG = heapLimitFlag();
const TOKEN = `bench-${randomBytes(12).toString('hex')}`;
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function entryOf(service) {
  return CODE === 'bundle'
    ? {
        script: join(ROOT, 'dist/bundle', service, 'main.js'),
        cwd: join(ROOT, 'dist/bundle', service),
      }
    : { script: join(ROOT, 'dist/apps', service, 'src', 'main.js'), cwd: ROOT };
}

// ---- children: every one tracked, every one killed on the way out ---------------------------

const children = new Set();
const LOGS = mkdtempSync(join(tmpdir(), 'bench-'));
let keepLogs = options['keep-logs'];

function killAll() {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', () => {
  killAll();
  if (!keepLogs) rmSync(LOGS, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`${signal}: stopping every child process`);
    process.exit(130);
  });
}

/** Spawns `node [args] script` with its stdout and stderr appended to a log file. */
function launch(name, { script, cwd, args = [], trailing = [], env }) {
  const logFile = join(LOGS, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...args, script, ...trailing].filter(Boolean), {
    cwd,
    env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  children.add(child);
  const proc = { name, child, started, logFile, spawnError: undefined };
  child.once('error', (error) => (proc.spawnError = error));
  child.once('exit', () => children.delete(child));
  return proc;
}

function exited(proc) {
  return proc.child.exitCode !== null || proc.child.signalCode !== null || !!proc.spawnError;
}

function logTail(proc) {
  try {
    const lines = readFileSync(proc.logFile, 'utf8').trimEnd().split('\n');
    return lines
      .slice(-LOG_TAIL_LINES)
      .map((line) => `  | ${line.length > 400 ? `${line.slice(0, 400)}…` : line}`)
      .join('\n');
  } catch {
    return '  (no log)';
  }
}

function failure(proc, message) {
  return new Error(`${proc.name} ${message}\nlast lines of ${proc.logFile}:\n${logTail(proc)}`);
}

async function stop(proc, signal = 'SIGTERM') {
  if (exited(proc)) return;
  const gone = new Promise((done) => proc.child.once('exit', done));
  proc.child.kill(signal);
  if (await Promise.race([gone.then(() => true), sleep(5_000).then(() => false)])) return;
  proc.child.kill('SIGKILL');
  await Promise.race([gone, sleep(2_000)]);
}

// ---- small HTTP and /proc helpers -----------------------------------------------------------

const handedOut = new Set();
async function freePort() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const server = createNetServer().listen(0, '127.0.0.1');
    await new Promise((done, fail) => server.once('listening', done).once('error', fail));
    const { port } = server.address();
    await new Promise((done) => server.close(done));
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port found');
}

// Checks go over a pooled connection, as the load does, so that their answers carry the same
// keep-alive headers and their size can be compared with the load's; health polls do not.
const POOLED = new Agent({ keepAlive: true, maxSockets: 4 });

/** One request: { status, text, json, bytes }, status 0 when nothing answered. */
function http(
  port,
  path,
  { method = 'GET', headers = {}, body, timeoutMs = 5_000, agent = POOLED } = {},
) {
  return new Promise((done) => {
    const all = { ...headers };
    if (body !== undefined) {
      all['content-type'] = 'application/json';
      all['content-length'] = Buffer.byteLength(body);
    }
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: all, agent, timeout: timeoutMs },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('error', () => done({ status: 0, text: '' }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          // what autocannon counts per answer: status line, headers, blank line and body
          // ("name: value\r\n": two bytes after each name and after each value)
          const head = res.rawHeaders.reduce((sum, part) => sum + part.length + 2, 0);
          const bytes =
            `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length +
            head +
            2 +
            Buffer.concat(chunks).length;
          done({ status: res.statusCode ?? 0, text, json, bytes });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => done({ status: 0, text: '' }));
    req.end(body);
  });
}

/** Milliseconds from spawn to the first 200 on `path`, polled every 10 ms, at most 30 s. */
async function waitHealthy(proc, port, path = '/health') {
  const deadline = Date.now() + HEALTH_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (exited(proc)) {
      const how = proc.spawnError
        ? `could not be spawned (${proc.spawnError.message})`
        : `exited (code ${proc.child.exitCode}, signal ${proc.child.signalCode}) before /health answered`;
      throw failure(proc, how);
    }
    const { status } = await http(port, path, { timeoutMs: 1_000, agent: false });
    if (status === 200) return Number(process.hrtime.bigint() - proc.started) / 1e6;
    await sleep(POLL_MS);
  }
  throw failure(proc, `did not answer 200 on ${path} (port ${port}) within 30 s`);
}

/** CPU time used so far, in clock ticks (utime + stime). */
function cpuTicks(proc) {
  const stat = readFileSync(`/proc/${proc.child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Resident set size in kB (KiB) from /proc/<pid>/status. */
function rssKiB(proc) {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${proc.child.pid}/status`, 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
}

const mb = (kib) => (kib * 1024) / 1e6;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// ---- the services ---------------------------------------------------------------------------

const isLoadGenerator = (service) => TOPOLOGY[service].kind === 'load-generator';

/** The environment a service gets: nothing from ours but PATH. */
function serviceEnv(service, port, urlOf) {
  const spec = TOPOLOGY[service];
  const env = {
    PATH: environment().PATH ?? '/usr/local/bin:/usr/bin:/bin',
    NODE_ENV: 'production',
    NODE_OPTIONS: HEAP_FLAG,
    [spec.portEnv]: String(port),
  };
  if (service === 'instabook' || service === 'instabook-cache') env.INSTABOOK_API_TOKEN = TOKEN;
  for (const [variable, downstream] of Object.entries(spec.downstreams)) {
    env[variable] = urlOf(downstream);
  }
  return env;
}

function launchService(service, port, urlOf, label = service) {
  return launch(label, { ...entryOf(service), env: serviceEnv(service, port, urlOf) });
}

/** Spawns the services all at once and waits until every one is healthy. */
async function startStack(services) {
  const closed = `http://127.0.0.1:${await freePort()}`;
  const ports = {};
  for (const service of services) ports[service] = await freePort();
  const urlOf = (self) => (downstream) =>
    isLoadGenerator(self) || !ports[downstream] ? closed : `http://127.0.0.1:${ports[downstream]}`;
  const procs = {};
  for (const service of services) {
    procs[service] = launchService(service, ports[service], urlOf(service));
  }
  const times = await Promise.all(services.map((s) => waitHealthy(procs[s], ports[s])));
  const slowest = services[times.indexOf(Math.max(...times))];
  return { ports, procs, allHealthyMs: Math.max(...times), slowest };
}

// ---- startup: each service alone, and the bare servers ---------------------------------------

async function startupOf(service) {
  const runs = [];
  for (let i = 0; i < STARTUP_SPAWNS; i++) {
    const port = await freePort();
    const closed = `http://127.0.0.1:${await freePort()}`;
    const proc = launchService(service, port, () => closed, `startup-${service}`);
    try {
      runs.push(await waitHealthy(proc, port));
    } finally {
      await stop(proc, 'SIGKILL');
    }
  }
  return runs;
}

/** The smallest Node HTTP server: what a service's startup and memory are compared with. */
function launchBareNode(port, label) {
  return launch(label, {
    args: ['-e', `require('http').createServer((q,s)=>s.end('ok')).listen(${port})`],
    cwd: ROOT,
    env: { PATH: environment().PATH ?? '', NODE_ENV: 'production', NODE_OPTIONS: HEAP_FLAG },
  });
}

/** A bare Express 5 or Nest 11 app (scripts/bench-floor.mjs): the framework floor. */
function launchFloor(app, port, label) {
  return launch(label, {
    script: FLOOR,
    cwd: ROOT,
    env: { PATH: environment().PATH ?? '', NODE_ENV: 'production', NODE_OPTIONS: HEAP_FLAG },
    trailing: [app, String(port)],
  });
}

/** Spawn → /health of a bare server, STARTUP_SPAWNS times; launcher(port) spawns one. */
async function startupOfBare(launcher) {
  const runs = [];
  for (let i = 0; i < STARTUP_SPAWNS; i++) {
    const port = await freePort();
    const proc = launcher(port);
    try {
      runs.push(await waitHealthy(proc, port));
    } finally {
      await stop(proc, 'SIGKILL');
    }
  }
  return runs;
}

// ---- the rows -------------------------------------------------------------------------------

const CHECKOUT_BODY = JSON.stringify({
  user_id: 'user-3',
  user_currency: 'GBP',
  address: { street: '789 King St', city: 'London', country: 'UK', zip: 'SW1A 1AA' },
  email: 'user3@example.com',
  items: [
    { product_id: 1, quantity: 2 },
    { product_id: 3, quantity: 1 },
  ],
});

function expect(condition, what, answer) {
  if (!condition) {
    throw new Error(
      `sanity check failed: ${what}; got HTTP ${answer.status} ${answer.text.slice(0, 300)}`,
    );
  }
}

/** Answers of a service, captured so that a baseline server can send the same bytes. */
async function captured(port, path, headers) {
  const answer = await http(port, path, { headers });
  expect(answer.status === 200, `GET ${path} on :${port} answers 200`, answer);
  return answer.text;
}

const bearer = () => ({ authorization: `Bearer ${TOKEN}` });
const sessionPaths = (ctx, prefix) => ctx.sessionIds.map((id) => ({ path: `${prefix}/${id}` }));

/**
 * Each row: the services on its path (their CPU is measured), its autocannon request, a check
 * of the subject's answer, and its baseline: back servers and a front, with the bodies they send.
 */
const ROW_SPECS = {
  chain: {
    subject: 'instabook GET /booking/session/:id',
    baseline: 'raw 2-hop',
    services: ['instabook', 'instabook-cache'],
    entry: 'instabook',
    load: (ctx) => ({ requests: sessionPaths(ctx, '/booking/session') }),
    async check(ctx) {
      const id = ctx.sessionIds[0];
      const answer = await http(ctx.ports.instabook, `/booking/session/${id}`);
      expect(
        answer.status === 200 && answer.json?.id === id,
        `the chain answers session ${id}`,
        answer,
      );
      return answer;
    },
    baselineServers: async (ctx) => [
      {
        name: 'back',
        role: 'leaf',
        body: await captured(
          ctx.ports['instabook-cache'],
          `/cache/session/${ctx.sessionIds[0]}`,
          bearer(),
        ),
      },
      { name: 'front', role: 'relay', backs: ['back'] },
    ],
    target: { text: '≥ 0.25× and p99 < 40 ms', pass: (r) => r.ratio >= 0.25 && r.subject.p99 < 40 },
  },
  cache: {
    subject: 'instabook-cache GET /cache/session/:id',
    baseline: 'raw 1-hop',
    services: ['instabook-cache'],
    entry: 'instabook-cache',
    load: (ctx) => ({ headers: bearer(), requests: sessionPaths(ctx, '/cache/session') }),
    async check(ctx) {
      const id = ctx.sessionIds[0];
      const answer = await http(ctx.ports['instabook-cache'], `/cache/session/${id}`, {
        headers: bearer(),
      });
      expect(
        answer.status === 200 && answer.json?.id === id,
        `the cache answers session ${id}`,
        answer,
      );
      return answer;
    },
    baselineServers: (_ctx, answer) => [{ name: 'front', role: 'leaf', body: answer }],
    target: { text: '≥ 0.12×', pass: (r) => r.ratio >= 0.12 },
  },
  product: {
    subject: 'gateway GET /product/1?currency=EUR',
    baseline: 'raw fan-out to 3',
    services: ['gateway', 'product-catalog', 'currency-service', 'ad-service'],
    entry: 'gateway',
    load: () => ({ path: '/product/1?currency=EUR' }),
    async check(ctx) {
      const answer = await http(ctx.ports.gateway, '/product/1?currency=EUR');
      expect(
        answer.status === 200 &&
          answer.json?.product?.id === 1 &&
          answer.json.product.currency === 'EUR' &&
          answer.json.related_ads?.length > 0,
        'product 1 in EUR with its ads (no degraded answer)',
        answer,
      );
      return answer;
    },
    baselineServers: async (ctx, answer) => [
      {
        name: 'catalog',
        role: 'leaf',
        body: await captured(ctx.ports['product-catalog'], '/product/1'),
      },
      {
        name: 'currency',
        role: 'leaf',
        body: await captured(ctx.ports['currency-service'], '/convert?from=USD&to=EUR'),
      },
      {
        name: 'ads',
        role: 'leaf',
        body: await captured(ctx.ports['ad-service'], '/ads?product_ids=1'),
      },
      { name: 'front', role: 'fanout', backs: ['catalog', 'currency', 'ads'], body: answer },
    ],
    target: {
      text: '≥ 1,500 req/s and p99 < 100 ms',
      pass: (r) => r.subject.rps >= 1500 && r.subject.p99 < 100,
    },
  },
  products: {
    subject: 'gateway GET /products',
    baseline: 'raw fan-out to 2',
    services: ['gateway', 'product-catalog', 'ad-service'],
    entry: 'gateway',
    load: () => ({ path: '/products' }),
    async check(ctx) {
      const answer = await http(ctx.ports.gateway, '/products');
      expect(
        answer.status === 200 && answer.json?.products?.length > 0 && answer.json.ads?.length > 0,
        'the product list with ads (no degraded answer)',
        answer,
      );
      return answer;
    },
    baselineServers: async (ctx, answer) => [
      {
        name: 'catalog',
        role: 'leaf',
        body: await captured(ctx.ports['product-catalog'], '/products'),
      },
      {
        name: 'ads',
        role: 'leaf',
        body: await captured(ctx.ports['ad-service'], '/ads?product_ids=1,2,3'),
      },
      { name: 'front', role: 'fanout', backs: ['catalog', 'ads'], body: answer },
    ],
  },
  checkout: {
    subject: 'gateway POST /checkout (2 items, GBP)',
    baseline: 'raw fan-out to 3',
    services: ['gateway', 'checkout-service', 'product-catalog', 'currency-service'],
    entry: 'gateway',
    load: () => ({
      method: 'POST',
      path: '/checkout',
      headers: { 'content-type': 'application/json' },
      body: CHECKOUT_BODY,
    }),
    async check(ctx) {
      const answer = await http(ctx.ports.gateway, '/checkout', {
        method: 'POST',
        body: CHECKOUT_BODY,
      });
      expect(
        answer.status === 200 &&
          answer.json?.status === 'PROCESSED' &&
          answer.json.currency === 'GBP',
        'a processed order in GBP',
        answer,
      );
      const order = await http(ctx.ports.gateway, `/order/${answer.json.order_id}`);
      expect(
        order.status === 200 &&
          order.json?.products?.length === 2 &&
          order.json.products.every((line) => line.currency === 'GBP'),
        'both order lines converted to GBP (no silent USD fall-back)',
        order,
      );
      return answer;
    },
    baselineServers: async (ctx, answer) => [
      { name: 'checkout', role: 'leaf', body: answer },
      {
        name: 'catalog',
        role: 'leaf',
        body: await captured(ctx.ports['product-catalog'], '/product/1'),
      },
      {
        name: 'currency',
        role: 'leaf',
        body: await captured(ctx.ports['currency-service'], '/convert?from=USD&to=GBP&amount=100'),
      },
      { name: 'front', role: 'fanout', backs: ['checkout', 'catalog', 'currency'], body: answer },
    ],
  },
  ...Object.fromEntries(
    Object.entries(FLOOR_APPS).map(([app, title]) => [
      `floor: ${app}`,
      {
        subject: `${title} GET /cache/session/:id`,
        baseline: 'raw 1-hop',
        // nothing from the stack: the row starts its app itself
        services: [],
        app,
        entry: `bare-${app}`,
        // the cache row's load, Bearer header included (the bare app ignores it)
        load: (ctx) => ({ headers: bearer(), requests: sessionPaths(ctx, '/cache/session') }),
        async check(ctx) {
          const id = ctx.sessionIds[0];
          const answer = await http(ctx.ports[`bare-${app}`], `/cache/session/${id}`, {
            headers: bearer(),
          });
          expect(
            answer.status === 200 &&
              answer.json?.id === id &&
              typeof answer.json.created_at === 'string',
            `the ${title} app answers session ${id}`,
            answer,
          );
          return answer;
        },
        baselineServers: (_ctx, answer) => [{ name: 'front', role: 'leaf', body: answer }],
      },
    ]),
  ),
  convert: {
    subject: 'currency-service GET /convert',
    baseline: 'raw 1-hop',
    services: ['currency-service'],
    entry: 'currency-service',
    load: () => ({ path: '/convert?from=USD&to=EUR&amount=100' }),
    async check(ctx) {
      const answer = await http(
        ctx.ports['currency-service'],
        '/convert?from=USD&to=EUR&amount=100',
      );
      expect(
        answer.status === 200 && typeof answer.json?.converted === 'number',
        'a conversion of 100 USD to EUR',
        answer,
      );
      return answer;
    },
    baselineServers: (_ctx, answer) => [{ name: 'front', role: 'leaf', body: answer }],
    target: { text: '≥ 0.12×', pass: (r) => r.ratio >= 0.12 },
  },
};

const sessionId = (i) => `bench-${i}-${randomBytes(6).toString('hex')}`;

/** 100 booking sessions, through instabook when it runs (as clients create them). */
async function seedSessions(ctx) {
  const ids = [];
  const viaInstabook = ctx.ports.instabook !== undefined;
  for (let i = 0; i < SESSIONS; i++) {
    const id = sessionId(i);
    const body = JSON.stringify({
      id,
      user_id: `user-${(i % 20) + 1}`,
      booking_id: `BK-${randomBytes(4).toString('hex').toUpperCase()}`,
      status: ['pending', 'confirmed', 'processing'][i % 3],
      data: `Booking for hotel - ${(i % 5) + 1} items`,
    });
    const answer = viaInstabook
      ? await http(ctx.ports.instabook, '/booking/session', { method: 'POST', body })
      : await http(ctx.ports['instabook-cache'], '/cache/session', {
          method: 'POST',
          body,
          headers: bearer(),
        });
    expect(answer.status >= 200 && answer.status < 300, `seeding session ${id}`, answer);
    ids.push(id);
  }
  return ids;
}

/** autocannon's options: a row's single path goes into the URL (autocannon has no `path`). */
function loadOptions(port, { path = '', ...extra }, seconds) {
  return {
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    ...extra,
  };
}

async function runLoad(port, extra, seconds, procs) {
  const before = procs.map(cpuTicks);
  const result = await autocannon(loadOptions(port, extra, seconds));
  const after = procs.map(cpuTicks);
  const total = result.requests.total;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total,
    // status line, headers and body: shows that subject and baseline send the same bytes
    bytesPerAnswer: total > 0 ? result.throughput.total / total : Number.NaN,
    non2xx: result.non2xx,
    errors: result.errors,
    cpu: procs.map((proc, i) => ({
      name: proc.name,
      usPerRequest: total > 0 ? ((after[i] - before[i]) * 1e6) / CLK_TCK / total : Number.NaN,
    })),
  };
}

function assertAlive(procs) {
  for (const proc of procs) {
    if (exited(proc)) throw failure(proc, `exited (code ${proc.child.exitCode}) during the row`);
  }
}

async function measureRow(name, ctx) {
  const spec = ROW_SPECS[name];
  const baseline = { procs: [], ports: {} };
  // a floor row's subject is its own bare app, started here and stopped with the baseline
  const own = [];
  try {
    if (spec.app) {
      const port = await freePort();
      const proc = launchFloor(spec.app, port, spec.entry);
      own.push(proc);
      await waitHealthy(proc, port);
      ctx = {
        ...ctx,
        ports: { ...ctx.ports, [spec.entry]: port },
        procs: { ...ctx.procs, [spec.entry]: proc },
      };
    }
    const subjectProcs = [...spec.services, ...(spec.app ? [spec.entry] : [])].map(
      (service) => ctx.procs[service],
    );
    const answer = await spec.check(ctx);
    const servers = await spec.baselineServers(ctx, answer.text);
    for (const server of servers) {
      const port = await freePort();
      baseline.ports[server.name] = port;
      const backs = (server.backs ?? []).map((back) => baseline.ports[back]);
      const proc = launch(`baseline-${slug(name)}-${server.name}`, {
        script: BASELINES,
        cwd: ROOT,
        env: {
          PATH: environment().PATH ?? '',
          NODE_ENV: 'production',
          NODE_OPTIONS: HEAP_FLAG,
          ...(server.body ? { BENCH_BODY: server.body } : {}),
        },
        trailing: [server.role, String(port), backs.join(',')],
      });
      baseline.procs.push(proc);
      await waitHealthy(proc, port);
    }
    const frontPort = baseline.ports.front;
    const load = spec.load(ctx);
    const check = await http(frontPort, load.path ?? load.requests?.[0].path ?? '/', {
      method: load.method,
      body: load.body,
      headers: load.headers,
    });
    expect(check.status === 200, 'the baseline front answers 200', check);

    const sides = {
      subject: { port: ctx.ports[spec.entry], procs: subjectProcs, runs: [], warmup: undefined },
      baseline: { port: frontPort, procs: baseline.procs, runs: [], warmup: undefined },
    };
    if (WARMUP > 0) {
      for (const [side, state] of Object.entries(sides)) {
        log(`${name}: warm-up ${side} ${WARMUP} s`);
        state.warmup = await runLoad(state.port, load, WARMUP, state.procs);
        assertAlive([...subjectProcs, ...baseline.procs]);
      }
    }
    for (let round = 1; round <= RUNS_PER_SIDE; round++) {
      for (const [side, state] of Object.entries(sides)) {
        const run = await runLoad(state.port, load, DURATION, state.procs);
        assertAlive([...subjectProcs, ...baseline.procs]);
        state.runs.push(run);
        const cpu = run.cpu.reduce((sum, c) => sum + c.usPerRequest, 0);
        const bad = run.non2xx + run.errors;
        log(
          `${name}: ${side} run ${round}: ${run.rps.toFixed(0)} req/s, p99 ${run.p99} ms, ` +
            `${cpu.toFixed(0)} µs CPU/req${bad ? `, ${run.non2xx} non-2xx, ${run.errors} errors` : ''}`,
        );
      }
    }
    const best = (runs) => runs.reduce((a, b) => (b.rps > a.rps ? b : a));
    const count = (state, key) =>
      state.runs.reduce((sum, run) => sum + run[key], state.warmup?.[key] ?? 0);
    const row = {
      name,
      spec,
      subject: best(sides.subject.runs),
      baseline: best(sides.baseline.runs),
      subjectRuns: sides.subject.runs.map((run) => run.rps),
      baselineRuns: sides.baseline.runs.map((run) => run.rps),
      non2xx: count(sides.subject, 'non2xx') + count(sides.baseline, 'non2xx'),
      errors: count(sides.subject, 'errors') + count(sides.baseline, 'errors'),
    };
    row.ratio = row.subject.rps / row.baseline.rps;
    row.checkedBytes = answer.bytes;
    row.pass = spec.target ? spec.target.pass(row) : undefined;
    // a degraded answer is a 200 too (the gateway without ads, say): it shows in the size
    const sizes = [sides.subject.warmup, ...sides.subject.runs]
      .filter((run) => run && Math.abs(run.bytesPerAnswer / answer.bytes - 1) > SIZE_TOLERANCE)
      .map((run) => int(run.bytesPerAnswer));
    row.flags = [
      ...(row.non2xx ? [`${row.non2xx} non-2xx answers`] : []),
      ...(row.errors ? [`${row.errors} errors`] : []),
      ...(sizes.length
        ? [`answers of ${sizes.join(', ')} bytes on average, the checked one had ${answer.bytes}`]
        : []),
    ];
    if (row.flags.length) log(`WARNING ${name}: ${row.flags.join('; ')}`);
    return row;
  } finally {
    await Promise.all([...baseline.procs, ...own].map((proc) => stop(proc)));
  }
}

// ---- output ---------------------------------------------------------------------------------

/** A markdown table laid out as Prettier lays it out; align: 'l' or 'r' per column. */
function table(headers, rows, align) {
  const cells = [headers, ...rows].map((row) => row.map(String));
  const widths = headers.map((_, i) => Math.max(3, ...cells.map((row) => row[i].length)));
  const line = (row) =>
    `| ${row.map((cell, i) => (align[i] === 'r' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

const int = (value) => Math.round(value).toLocaleString('en-US');
// autocannon's latency histogram holds whole milliseconds: 0 is below 1 ms
const ms = (value) => (value < 1 ? '<1' : value.toFixed(0));
const cpuSum = (run) => run.cpu.reduce((sum, c) => sum + c.usPerRequest, 0);
const passText = (pass) => (pass === undefined ? '—' : pass ? 'pass' : 'FAIL');

function rowsTable(rows) {
  const body = rows.map((row) => {
    const flagged = row.flags.length > 0;
    return [
      flagged ? `${row.name} (ERRORS)` : row.name,
      row.spec.subject,
      int(row.subject.rps),
      ms(row.subject.p50),
      ms(row.subject.p99),
      int(cpuSum(row.subject)),
      row.spec.baseline,
      int(row.baseline.rps),
      ms(row.baseline.p50),
      ms(row.baseline.p99),
      int(cpuSum(row.baseline)),
      `${row.ratio.toFixed(2)}×`,
      `${row.non2xx} / ${row.errors}`,
      row.spec.target?.text ?? '—',
      flagged ? 'FAIL (errors)' : passText(row.pass),
    ];
  });
  return table(
    [
      'row',
      'subject',
      'req/s',
      'p50 ms',
      'p99 ms',
      'CPU µs/req',
      'baseline',
      'req/s',
      'p50 ms',
      'p99 ms',
      'CPU µs/req',
      'ratio',
      'non-2xx / errors',
      'target',
      'pass',
    ],
    body,
    ['l', 'l', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'l'],
  );
}

function cpuTable(rows) {
  const perProcess = (row, run) =>
    run.cpu
      .map((c) => `${c.name.replace(`baseline-${slug(row.name)}-`, '')} ${int(c.usPerRequest)}`)
      .join(', ');
  return table(
    [
      'row',
      'subject: CPU µs/req by process',
      'baseline: CPU µs/req by process',
      'req/s of every run: subject; baseline',
      'bytes/answer: subject; baseline',
    ],
    rows.map((row) => [
      row.name,
      perProcess(row, row.subject),
      perProcess(row, row.baseline),
      `${row.subjectRuns.map(int).join(', ')}; ${row.baselineRuns.map(int).join(', ')}`,
      `${int(row.subject.bytesPerAnswer)} (checked answer ${int(row.checkedBytes)}); ${int(row.baseline.bytesPerAnswer)}`,
    ]),
    ['l', 'l', 'l', 'l', 'l'],
  );
}

function memoryTable(memory) {
  const services = Object.keys(memory.idle);
  const after = memory.afterLoad;
  // with no rows run there is no after-load column
  const withAfter = (cells, afterCell) =>
    after ? [...cells.slice(0, 2), afterCell, ...cells.slice(2)] : cells;
  const rows = services.map((service) => {
    const idle = mb(memory.idle[service]);
    return withAfter(
      [service, idle.toFixed(1), '≤ 70', passText(idle <= 70)],
      after?.[service] !== undefined ? mb(after[service]).toFixed(1) : '— (stopped)',
    );
  });
  const idleTotal = services.reduce((sum, s) => sum + mb(memory.idle[s]), 0);
  const afterTotal = after
    ? services.reduce((sum, s) => sum + mb(after[s] ?? memory.idle[s]), 0)
    : Number.NaN;
  rows.push(
    withAfter(
      [`total (${services.length})`, idleTotal.toFixed(1), '≤ 650', passText(idleTotal <= 650)],
      afterTotal.toFixed(1),
    ),
    withAfter(['bare node http server (baseline)', mb(memory.bare).toFixed(1), '—', '—'], '—'),
    ...Object.entries(memory.floor).map(([app, kib]) =>
      withAfter([`${FLOOR_APPS[app]} app (framework floor)`, mb(kib).toFixed(1), '—', '—'], '—'),
    ),
  );
  return {
    text: table(
      withAfter(['service', 'idle RSS MB', 'target MB', 'pass'], 'after load MB'),
      rows,
      withAfter(['l', 'r', 'l', 'l'], 'r'),
    ),
    idleTotal,
  };
}

function startupTable(startup) {
  const rows = Object.entries(startup.services).map(([service, runs]) => [
    service,
    int(median(runs)),
    runs.map(int).join(', '),
    '≤ 400',
    passText(median(runs) <= 400),
  ]);
  rows.push([
    'bare node http server (baseline)',
    int(median(startup.bare)),
    startup.bare.map(int).join(', '),
    '—',
    '—',
  ]);
  for (const [app, runs] of Object.entries(startup.floor)) {
    rows.push([
      `${FLOOR_APPS[app]} app (framework floor, unbundled)`,
      int(median(runs)),
      runs.map(int).join(', '),
      '—',
      '—',
    ]);
  }
  if (startup.stack) {
    rows.push([
      `whole stack: ${startup.stack.count} spawned at once → all healthy (slowest: ${startup.stack.slowest})`,
      int(startup.stack.ms),
      '1 run',
      '—',
      '—',
    ]);
  }
  return table(
    ['spawned', 'spawn → /health 200 ms (median)', 'runs ms', 'target ms', 'pass'],
    rows,
    ['l', 'r', 'r', 'l', 'l'],
  );
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function machine(startLoad) {
  const commit = git(['rev-parse', '--short', 'HEAD']) || 'unknown';
  const dirty = git(['status', '--porcelain', '--untracked-files=no'])
    ? ' + uncommitted changes'
    : '';
  const list = cpus();
  const args = [
    `--duration ${DURATION}`,
    `--warmup ${WARMUP}`,
    `--connections ${CONNECTIONS}`,
    `--rows ${ROWS.length ? ROWS.join(',') : 'none'}`,
    `--code ${CODE}`,
    ...(MEMORY ? [] : ['--skip-memory']),
    ...(STARTUP ? [] : ['--skip-startup']),
  ].join(' ');
  return [
    `- Machine: ${list.length} cores, ${list[0]?.model.trim() ?? 'unknown CPU'}, Linux ${release()}, load average ${startLoad} at the start`,
    `- Node ${process.version}; commit ${commit}${dirty}; ${new Date().toISOString()}`,
    `- Options: ${args}`,
    `- Services: ${CODE === 'bundle' ? 'dist/bundle/<service>/main.js (the image)' : 'dist/apps/<service>/src/main.js (npm start)'}, NODE_ENV=production, NODE_OPTIONS=${HEAP_FLAG}, log level info into a file per service`,
  ].join('\n');
}

function report({ rows, memory, startup, startLoad }) {
  const parts = [
    '# Benchmark results',
    '',
    '`npm run bench` (scripts/bench.mjs).',
    '',
    machine(startLoad),
    '',
  ];
  const failures = [];
  if (rows.length) {
    parts.push(
      '## Throughput, latency and CPU',
      '',
      `Subject and baseline alternate twice per row, ${DURATION} s each at ${CONNECTIONS} connections, after a ${WARMUP} s warm-up of each; ` +
        'the figures are from the better run of each side (higher req/s). Ratio = subject req/s / baseline req/s. ' +
        'CPU µs/req is the CPU time of every process on the path per request (by process below). ' +
        'Non-2xx / errors count every run of both sides, warm-up included.' +
        (rows.some((row) => row.spec.app)
          ? " The floor rows are the framework floor: the cache row's load on a bare Express 5 app and on a bare Nest 11 app " +
            '(scripts/bench-floor.mjs: that one route, no middleware, no logging), each against its own raw 1-hop; ' +
            'no service on that framework can get closer to its baseline than they do.'
          : ''),
      '',
      rowsTable(rows),
      '',
    );
    const flagged = rows.filter((row) => row.flags.length);
    if (flagged.length) {
      parts.push(
        'Flagged (the figures of these rows are not to be trusted):',
        '',
        ...flagged.map((row) => `- ${row.name}: ${row.flags.join('; ')}`),
        '',
      );
    }
    parts.push(cpuTable(rows), '');
    for (const row of rows) {
      if (row.flags.length) failures.push(`${row.name}: ${row.flags.join('; ')}`);
      if (row.pass === false) {
        failures.push(
          `${row.name}: ${int(row.subject.rps)} req/s (${row.ratio.toFixed(2)}× baseline), p99 ${ms(row.subject.p99)} ms; target ${row.spec.target.text}`,
        );
      }
    }
  }
  if (memory) {
    const { text, idleTotal } = memoryTable(memory);
    parts.push(
      '## Memory',
      '',
      `RSS (VmRSS, MB = 10^6 bytes) of each service ${SETTLE_MS / 1000} s after all nine were healthy` +
        `${memory.afterLoad ? ', and again right after the last row' : ''}. ` +
        'The load generators have no setting that turns their traffic off (their first flow starts as soon as ' +
        'their target is healthy), so they ran with their target pointed at a closed port, waiting for it, ' +
        `and were stopped before the rows${memory.afterLoad ? '; the after-load total counts their idle RSS' : ''}. ` +
        'The bare server and the bare Express 5 and Nest 11 apps (scripts/bench-floor.mjs) were read the same way, ' +
        'with the same NODE_OPTIONS.',
      '',
      text,
      '',
    );
    for (const [service, kib] of Object.entries(memory.idle)) {
      if (mb(kib) > 70) failures.push(`${service}: idle RSS ${mb(kib).toFixed(1)} MB > 70 MB`);
    }
    if (idleTotal > 650) failures.push(`idle RSS of all nine ${idleTotal.toFixed(1)} MB > 650 MB`);
  }
  if (startup) {
    parts.push(
      '## Startup',
      '',
      `Spawn → first /health 200, polled every ${POLL_MS} ms; each service alone, ${STARTUP_SPAWNS} spawns, median. ` +
        'The bare Express 5 and Nest 11 apps (scripts/bench-floor.mjs) load their packages from node_modules, not from a bundle.',
      '',
      startupTable(startup),
      '',
    );
    for (const [service, runs] of Object.entries(startup.services)) {
      if (median(runs) > 400) {
        failures.push(`${service}: spawn → /health ${int(median(runs))} ms > 400 ms`);
      }
    }
  }
  return { text: `${parts.join('\n').trimEnd()}\n`, failures };
}

// ---- main -----------------------------------------------------------------------------------

async function main() {
  const startLoad = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  const measured = rowParts(ROWS);
  const rowServices = new Set(measured.flatMap((row) => ROW_SPECS[row].services));
  const stackServices =
    MEMORY || STARTUP ? [...SERVICE_NAMES] : SERVICE_NAMES.filter((s) => rowServices.has(s));
  for (const service of new Set([...stackServices, ...(STARTUP ? SERVICE_NAMES : [])])) {
    const { script } = entryOf(service);
    if (!existsSync(script)) {
      throw new Error(
        `${relative(ROOT, script)} is missing: run \`npm run build\`${CODE === 'bundle' ? ' and `node scripts/bundle.mjs --all`' : ''} first (npm run bench does)`,
      );
    }
  }
  // bounded whatever happens: the worst case of every phase, plus a margin
  const budgetS =
    measured.length * (2 * WARMUP + 2 * RUNS_PER_SIDE * DURATION + 120) +
    (STARTUP ? (SERVICE_NAMES.length + Object.keys(FLOOR_APPS).length) * STARTUP_SPAWNS * 35 : 0) +
    300;
  setTimer(() => {
    log(`gave up after ${budgetS} s (the longest this run could take)`);
    keepLogs = true;
    process.exit(1);
  }, budgetS * 1000).unref();
  log(`logs in ${LOGS}; services from ${CODE === 'bundle' ? 'dist/bundle' : 'dist/apps'}`);

  let startup;
  if (STARTUP) {
    startup = { services: {}, bare: [], floor: {} };
    log('startup: bare node http server');
    startup.bare = await startupOfBare((port) => launchBareNode(port, 'startup-bare-node'));
    for (const [app, title] of Object.entries(FLOOR_APPS)) {
      log(`startup: ${title} app, ${STARTUP_SPAWNS} spawns`);
      startup.floor[app] = await startupOfBare((port) =>
        launchFloor(app, port, `startup-bare-${app}`),
      );
    }
    for (const service of SERVICE_NAMES) {
      log(`startup: ${service} alone, ${STARTUP_SPAWNS} spawns`);
      startup.services[service] = await startupOf(service);
    }
  }

  if (stackServices.length) log(`starting ${stackServices.length} services at once`);
  const stack = await startStack(stackServices);
  if (STARTUP) {
    startup.stack = { count: stackServices.length, ms: stack.allHealthyMs, slowest: stack.slowest };
  }
  if (stackServices.length) log(`all healthy after ${int(stack.allHealthyMs)} ms`);

  let memory;
  if (MEMORY) {
    // the bare node server and the bare framework apps, side by side, idle as the services
    const bares = [{ key: 'node', launcher: (port) => launchBareNode(port, 'memory-bare-node') }];
    for (const app of Object.keys(FLOOR_APPS)) {
      bares.push({ key: app, launcher: (port) => launchFloor(app, port, `memory-bare-${app}`) });
    }
    for (const bare of bares) {
      bare.port = await freePort();
      bare.proc = bare.launcher(bare.port);
    }
    try {
      await Promise.all(bares.map((bare) => waitHealthy(bare.proc, bare.port)));
      await sleep(SETTLE_MS);
      memory = { idle: {}, bare: rssKiB(bares[0].proc), floor: {} };
      for (const bare of bares.slice(1)) memory.floor[bare.key] = rssKiB(bare.proc);
      for (const service of stackServices) memory.idle[service] = rssKiB(stack.procs[service]);
    } finally {
      await Promise.all(bares.map((bare) => stop(bare.proc, 'SIGKILL')));
    }
  }
  const generators = stackServices.filter(isLoadGenerator);
  await Promise.all(generators.map((service) => stop(stack.procs[service])));

  const rows = [];
  if (ROWS.length) {
    const ctx = { ports: stack.ports, procs: stack.procs, sessionIds: [] };
    if (ROWS.includes('chain') || ROWS.includes('cache')) {
      log(`seeding ${SESSIONS} sessions`);
      ctx.sessionIds = await seedSessions(ctx);
    } else if (ROWS.includes('floor')) {
      // the bare apps answer any id: the same paths as seeded ones, without the cache
      ctx.sessionIds = Array.from({ length: SESSIONS }, (_, i) => sessionId(i));
    }
    for (const name of measured) {
      log(`row ${name}: ${ROW_SPECS[name].subject} vs ${ROW_SPECS[name].baseline}`);
      rows.push(await measureRow(name, ctx));
    }
    if (MEMORY) {
      memory.afterLoad = {};
      for (const service of stackServices) {
        if (!isLoadGenerator(service)) memory.afterLoad[service] = rssKiB(stack.procs[service]);
      }
    }
  }
  await Promise.all(Object.values(stack.procs).map((proc) => stop(proc)));

  const { text, failures } = report({ rows, memory, startup, startLoad });
  process.stdout.write(text);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, text);
  log(`wrote ${relative(process.cwd(), OUT) || OUT}`);
  if (failures.length) {
    log(`${failures.length} target(s) missed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    if (options.check) process.exitCode = 1;
  }
}

main().catch((error) => {
  keepLogs = true;
  log(error instanceof Error ? error.message : String(error));
  log(`logs kept in ${LOGS}`);
  process.exit(1);
});
