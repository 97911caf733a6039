import { Agent } from 'node:http';
import { environment, heapLimitFlag } from '@app/config';
import { SUPPORTED_CURRENCIES, type SessionInput } from '@app/contracts';
import { checkoutConfig } from '../../apps/checkout-service/src/config/checkout.config';
import { instabookCacheConfig } from '../../apps/instabook-cache/src/config/instabook-cache.config';
import { HttpOutcome, httpRequest } from '../support/http-request';
import { ServiceProcess, freePorts, getJson, getText, metricValue } from '../support/processes';
import {
  LoadResult,
  MB,
  RssSampler,
  countFromEnv,
  isOk,
  megabytes,
  residentBytes,
  runLoad,
} from './soak-support';

/**
 * The soak of the two bounded in-memory stores, each service the built process users run
 * (dist/, with the shipped heap cap in NODE_OPTIONS as Compose and Helm set it), loaded over
 * real keep-alive HTTP on 127.0.0.1: a million session writes to the cache and a hundred
 * thousand orders to checkout. RSS is sampled from outside every second and must stay under
 * the budget; afterwards, read back through the API, the oldest entries are gone, the newest
 * are there, and the store holds exactly its bound.
 */

const SESSIONS = countFromEnv('SOAK_SESSIONS', 1_000_000);
const ORDERS = countFromEnv('SOAK_ORDERS', 100_000);
/** Writes in flight: the cache is CPU-bound from about 16 on (1.6–1.7k writes/s on 2 cores). */
const CONCURRENCY = countFromEnv('SOAK_CONCURRENCY', 32);
/** What the services run with; `SOAK_NODE_OPTIONS=` (empty) measures them uncapped. */
const NODE_OPTIONS = environment().SOAK_NODE_OPTIONS ?? heapLimitFlag();

const RSS_BUDGET_BYTES = 200 * MB;
/**
 * Slowest rates the time limits allow: a fifth of what a 2-core machine does with nothing
 * else running (1,600 writes/s, 300–400 orders/s), so a busy machine is slow, not failed.
 */
const MIN_WRITES_PER_SECOND = 300;
const MIN_ORDERS_PER_SECOND = 60;
/** Time for start-up and the read-back, on top of the writes. */
const CHECK_MS = 5 * 60_000;
/** Of a million log lines, only the last ones are kept, for a failure message. */
const KEEP_LINES = 200;
/** How many of the very oldest entries, and of those just past the bound, must be gone. */
const GONE_SAMPLE = 1_000;

const TOKEN = 'soak-test-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };

interface Row {
  service: string;
  requests: number;
  seconds: number;
  maxRss: number;
  finalRss: number;
  metricsRss: number;
  heapUsed: number;
  samples: number;
}

const rows: Row[] = [];
const services: ServiceProcess[] = [];
const samplers: RssSampler[] = [];
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function deadline(count: number, perSecond: number): number {
  return Date.now() + (count / perSecond) * 1000;
}

function timeLimit(count: number, perSecond: number): number {
  return (count / perSecond) * 1000 + CHECK_MS;
}

async function start(service: ServiceProcess): Promise<ServiceProcess> {
  services.push(service);
  await service.start();
  return service;
}

function expectAllAnswered(load: LoadResult, count: number): void {
  expect({
    timedOut: load.timedOut,
    failed: load.failed,
    firstFailures: load.firstFailures,
  }).toEqual({ timedOut: false, failed: 0, firstFailures: [] });
  expect(load.ok).toBe(count);
}

/** GETs every path, `CONCURRENCY` at a time, and returns the outcomes in the paths' order. */
async function readBack(port: number, paths: string[], headers = {}): Promise<HttpOutcome[]> {
  const outcomes: HttpOutcome[] = [];
  await runLoad({
    count: paths.length,
    concurrency: CONCURRENCY,
    deadline: Date.now() + CHECK_MS,
    send: (k) => httpRequest(port, agent, { path: paths[k], headers }),
    onAnswer: (k, outcome) => (outcomes[k] = outcome),
  });
  return outcomes;
}

/** Positions `from`…`to`-1 (clamped at 0). */
function range(from: number, to: number): number[] {
  const start = Math.max(0, from);
  return Array.from({ length: Math.max(0, to - start) }, (_, k) => start + k);
}

interface StoreReport {
  /** How many of the last `bound + CONCURRENCY` writes are there: exactly `bound`. */
  present: number;
  /** Answers other than 200 or 404 to the read-back. */
  unexpected: HttpOutcome[];
  newestMissing: number[];
  wrongBodies: number[];
  oldStillThere: number[];
}

function holding(bound: number): StoreReport {
  return { present: bound, unexpected: [], newestMissing: [], wrongBodies: [], oldStillThere: [] };
}

/**
 * What the store holds after `count` writes, read back through the API (the first few
 * offenders of each kind). It must be `holding(bound)`: requests
 * overtake each other by fewer than CONCURRENCY places (that many are in flight at most),
 * so the `bound` newest stored entries all lie among the last `bound + CONCURRENCY` sent:
 * exactly `bound` of those are there, every one of the last `bound - CONCURRENCY` is, and
 * nothing older is — sampled: the very oldest, and the ones just past the bound.
 */
async function readBackStore(
  bound: number,
  count: number,
  read: (positions: number[]) => Promise<HttpOutcome[]>,
  isEntry: (position: number, body: unknown) => boolean,
): Promise<StoreReport> {
  const edge = count - bound;
  const window = range(edge - CONCURRENCY, count);
  const windowAnswers = await read(window);
  const present = new Set(window.filter((_, k) => windowAnswers[k].status === 200));
  const unexpected = windowAnswers.filter(
    (answer) => answer.status !== 200 && answer.status !== 404,
  );
  const newest = range(edge + CONCURRENCY, count);
  const newestMissing = newest.filter((position) => !present.has(position));
  const wrongBodies = window.filter(
    (position, k) =>
      windowAnswers[k].status === 200 &&
      !isEntry(position, JSON.parse(windowAnswers[k].body ?? 'null')),
  );
  const old = [
    ...range(0, GONE_SAMPLE),
    ...range(edge - CONCURRENCY - GONE_SAMPLE, edge - CONCURRENCY),
  ];
  const oldAnswers = await read(old);
  const oldStillThere = old.filter((_, k) => oldAnswers[k].status !== 404);

  return {
    present: present.size,
    unexpected: unexpected.slice(0, 5),
    newestMissing: newestMissing.slice(0, 5),
    wrongBodies: wrongBodies.slice(0, 5),
    oldStillThere: oldStillThere.slice(0, 5),
  };
}

/** Starts sampling a service's RSS; afterAll stops whatever a failed test left running. */
async function sampleRss(service: ServiceProcess): Promise<RssSampler> {
  const sampler = new RssSampler(service.pid as number);
  samplers.push(sampler);
  await sampler.start();
  return sampler;
}

/** The figures of one service after its run, kept for the table whatever the checks say. */
async function measure(
  service: ServiceProcess,
  rss: RssSampler,
  requests: number,
  load: LoadResult,
): Promise<Row> {
  const pid = service.pid as number;
  const maxRss = await rss.stop();
  const metrics = await getText(service.url('/metrics'));
  const row: Row = {
    service: service.name,
    requests,
    seconds: load.durationMs / 1000,
    maxRss,
    finalRss: await residentBytes(pid),
    metricsRss: metricValue(metrics, 'process_resident_memory_bytes'),
    heapUsed: metricValue(metrics, 'nodejs_heap_size_used_bytes'),
    samples: rss.samples,
  };
  rows.push(row);
  return row;
}

/** RSS under budget, by our samples and by the service's own gauge. */
function expectUnderBudget(row: Row): void {
  // in MB, so that a failure reads as the figure
  expect(row.maxRss / MB).toBeLessThan(RSS_BUDGET_BYTES / MB);
  expect(row.metricsRss / MB).toBeGreaterThan(0);
  expect(row.metricsRss / MB).toBeLessThan(RSS_BUDGET_BYTES / MB);
  // about one sample a second, or the maximum could have missed a peak
  expect(row.samples).toBeGreaterThan(row.seconds * 0.5);
}

interface Soaked {
  service: ServiceProcess;
  rss: RssSampler;
  load: LoadResult;
  count: number;
  store: StoreReport;
  bound: number;
  /** The service's own counter of successful writes, and the labels that pick them out. */
  counted: [name: string, labels: Record<string, string>];
}

/** The verdict on one service; the figures first, so the table has them whatever fails. */
async function expectSoaked({ service, rss, load, count, store, bound, counted }: Soaked) {
  expectUnderBudget(await measure(service, rss, count, load));
  expectAllAnswered(load, count);
  expect(store).toEqual(holding(bound));
  // every write reached the service and succeeded, by its own count
  const [name, labels] = counted;
  const metrics = await getText(service.url('/metrics'));
  expect(metricValue(metrics, name, { method: 'POST', ...labels })).toBe(count);
}

function printTable(): void {
  const header = [
    'service',
    'requests',
    'seconds',
    'req/s',
    'max RSS MB',
    'final RSS MB',
    '/metrics RSS MB',
    'heap used MB',
  ];
  const lines = rows.map((row) => [
    row.service,
    row.requests.toLocaleString('en-US'),
    row.seconds.toFixed(0),
    (row.requests / row.seconds).toFixed(0),
    megabytes(row.maxRss),
    megabytes(row.finalRss),
    megabytes(row.metricsRss),
    megabytes(row.heapUsed),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column].length)),
  );
  const format = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  process.stdout.write(
    [
      '',
      `Soak figures (NODE_OPTIONS="${NODE_OPTIONS}", ${CONCURRENCY} in flight, budget ${megabytes(RSS_BUDGET_BYTES)} MB, MB = 10^6 bytes):`,
      format(header),
      format(widths.map((width) => '-'.repeat(width))),
      ...lines.map(format),
      '',
    ].join('\n'),
  );
}

afterAll(async () => {
  samplers.forEach((sampler) => sampler.cancel());
  agent.destroy();
  await Promise.all(services.map((service) => service.kill()));
  printTable();
});

describe('the bounded stores under soak', () => {
  const session = (k: number): SessionInput => ({
    id: `soak-${k}`,
    user_id: `user-${k % 1_000}`,
    booking_id: `BK-${k.toString(16).toUpperCase().padStart(8, '0')}`,
    status: 'confirmed',
    data: `Booking for hotel - ${(k % 5) + 1} items`,
  });

  it(
    `instabook-cache: ${SESSIONS.toLocaleString('en-US')} session writes in bounded RSS, the oldest evicted`,
    async () => {
      const bound = instabookCacheConfig().sessionStoreMax;
      expect(SESSIONS).toBeGreaterThanOrEqual(2 * bound + CONCURRENCY);
      const [port] = await freePorts(1);
      const cache = await start(
        new ServiceProcess(
          'instabook-cache',
          port,
          { INSTABOOK_API_TOKEN: TOKEN, NODE_OPTIONS },
          KEEP_LINES,
        ),
      );
      const rss = await sampleRss(cache);

      const writes = await runLoad({
        count: SESSIONS,
        concurrency: CONCURRENCY,
        deadline: deadline(SESSIONS, MIN_WRITES_PER_SECOND),
        send: (k) =>
          httpRequest(port, agent, {
            method: 'POST',
            path: '/cache/session',
            headers: AUTH,
            json: session(k),
          }),
      });
      const store = await readBackStore(
        bound,
        SESSIONS,
        (positions) =>
          readBack(
            port,
            positions.map((k) => `/cache/session/${session(k).id}`),
            AUTH,
          ),
        (k, body) => {
          const { created_at, ...stored } = body as Record<string, unknown>;
          return (
            typeof created_at === 'string' && JSON.stringify(stored) === JSON.stringify(session(k))
          );
        },
      );
      await expectSoaked({
        service: cache,
        rss,
        load: writes,
        count: SESSIONS,
        store,
        bound,
        counted: ['instabook_cache_request_count', { endpoint: '/cache/session', status: '201' }],
      });
    },
    timeLimit(SESSIONS, MIN_WRITES_PER_SECOND),
  );

  it(
    `checkout-service: ${ORDERS.toLocaleString('en-US')} orders in bounded RSS, the oldest evicted`,
    async () => {
      const bound = checkoutConfig().orderStoreMax;
      expect(ORDERS).toBeGreaterThanOrEqual(2 * bound + CONCURRENCY);
      const [catalogPort, currencyPort, checkoutPort] = await freePorts(3);
      // the downstreams are not under test: quiet, so their logs leave checkout the CPU
      const env = { NODE_OPTIONS, LOG_LEVEL: 'warn' };
      const catalog = await start(
        new ServiceProcess('product-catalog', catalogPort, env, KEEP_LINES),
      );
      const currency = await start(
        new ServiceProcess('currency-service', currencyPort, env, KEEP_LINES),
      );
      const checkout = await start(
        new ServiceProcess(
          'checkout-service',
          checkoutPort,
          {
            NODE_OPTIONS,
            PRODUCT_CATALOG_SERVICE: catalog.url(),
            CURRENCY_SERVICE: currency.url(),
          },
          KEEP_LINES,
        ),
      );
      const products = (await getJson(catalog.url('/products'))).body as { id: number }[];
      expect(products.length).toBeGreaterThan(1);
      // every supported currency in turn, USD among them, so most orders are converted
      const order = (k: number) => ({
        user_id: `soak-${k}`,
        user_currency: SUPPORTED_CURRENCIES[k % SUPPORTED_CURRENCIES.length],
        address: { street: `${k} Loopback Lane`, city: 'Soak City', country: 'US', zip: '12345' },
        email: `soak${k}@example.com`,
        items: [
          { product_id: products[k % products.length].id, quantity: (k % 3) + 1 },
          ...(k % 2 ? [{ product_id: products[(k + 1) % products.length].id, quantity: 1 }] : []),
        ],
      });

      const rss = await sampleRss(checkout);
      // the ids checkout gave, in the order its answers came, and which request each answered
      const orderIds: string[] = [];
      const requestOf: number[] = [];
      const orders = await runLoad({
        count: ORDERS,
        concurrency: CONCURRENCY,
        deadline: deadline(ORDERS, MIN_ORDERS_PER_SECOND),
        send: (k) =>
          httpRequest(checkoutPort, agent, { method: 'POST', path: '/process', json: order(k) }),
        onAnswer: (k, outcome) => {
          if (!isOk(outcome)) return;
          orderIds.push((JSON.parse(outcome.body ?? '{}') as { order_id: string }).order_id);
          requestOf.push(k);
        },
      });
      const store = await readBackStore(
        bound,
        ORDERS,
        (positions) =>
          readBack(
            checkoutPort,
            positions.map((p) => `/order/${orderIds[p]}`),
          ),
        (p, body) => {
          const stored = body as {
            order_id: string;
            user_id: string;
            user_currency: string;
            products: { currency: string }[];
          };
          const sent = order(requestOf[p]);
          return (
            stored.order_id === orderIds[p] &&
            stored.user_id === sent.user_id &&
            stored.user_currency === sent.user_currency &&
            stored.products.length === sent.items.length &&
            // converted, not the silent fall-back to USD
            stored.products.every((line) => line.currency === sent.user_currency)
          );
        },
      );
      await expectSoaked({
        service: checkout,
        rss,
        load: orders,
        count: ORDERS,
        store,
        bound,
        counted: ['checkout_request_count', { endpoint: '/process', http_status: '200' }],
      });
    },
    timeLimit(ORDERS, MIN_ORDERS_PER_SECOND),
  );
});
