import { SERVICE_NAMES } from '@app/config';
import { Demo, getJson, startDemo, stopDemo, waitFor } from '../support/processes';
import { DashboardQuery, annotationQueries, dashboardQueries, expand } from './dashboard-queries';
import { Prometheus } from '../support/prometheus';
import { sleep } from '@app/testing';

/**
 * What Grafana makes of $__rate_interval at a 5 s scrape interval over a short time range:
 * max(4 × scrape interval, step + scrape interval) = 20 s. Four samples per window, and a
 * failure drops out of every rate 20 s (plus one scrape) after it stopped.
 */
const RATE_INTERVAL = '20s';
const SCRAPE_INTERVAL_MS = 5_000;

/** One series of an instant query with its value as a number. */
interface Sample {
  metric: Record<string, string>;
  value: number;
}

const sum = (samples: Sample[]): number => samples.reduce((total, s) => total + s.value, 0);

/**
 * The Instabook panels that tell the token story, and the series of each that must rise
 * while token auth is off and be exactly 0 while it is on.
 */
const STORY: { panel: string; signal: (samples: Sample[]) => number }[] = [
  {
    panel: 'instabook-cache 401/s by reason',
    signal: (s) => sum(s.filter((x) => x.metric.reason === 'auth_disabled')),
  },
  {
    panel: 'instabook → cache errors/s by error_type',
    signal: (s) => sum(s.filter((x) => x.metric.error_type === 'auth_failure')),
  },
  { panel: 'instabook 5xx/s', signal: sum },
  {
    panel: 'Booking load generator results/s by status',
    signal: (s) => sum(s.filter((x) => x.metric.status.startsWith('5'))),
  },
  { panel: 'Cache calls refused', signal: sum },
];

/** Booking calls that succeeded: proof that a 0 above is "no failure", not "no traffic". */
const BOOKING_SUCCESSES = (s: Sample[]): number =>
  sum(s.filter((x) => x.metric.status.startsWith('2')));

/**
 * Every PromQL expression of every dashboard, evaluated by a real Prometheus scraping the
 * nine real services; then the token story, switched off and on through the admin API,
 * seen through the Instabook dashboard's own queries.
 */
describe('dashboards on a live Prometheus', () => {
  let demo: Demo;
  let prometheus: Prometheus;
  const queries = dashboardQueries();
  const instabook = queries.filter((q) => q.dashboard === 'demo-instabook');

  function storyQuery(panel: string): DashboardQuery {
    const found = instabook.find((q) => q.panel === panel);
    if (!found) throw new Error(`the Instabook dashboard has no panel "${panel}"`);
    return found;
  }

  async function run(query: DashboardQuery, service = 'gateway'): Promise<Sample[]> {
    const expr = expand(query.expr, { rateInterval: RATE_INTERVAL, service });
    return (await prometheus.vector(expr)).map(({ metric, value }) => ({
      metric,
      value: Number(value[1]),
    }));
  }

  async function storySignals(): Promise<Record<string, number>> {
    const signals: Record<string, number> = {};
    for (const { panel, signal } of STORY) {
      const samples = await run(storyQuery(panel));
      // "No data" is not 0: it reads NaN, which equals nothing
      signals[panel] = samples.length ? signal(samples) : NaN;
    }
    return signals;
  }

  /** The Token auth stat: 1 while the cache checks tokens, 0 once switched off. */
  async function tokenAuth(): Promise<number> {
    return sum(await run(storyQuery('Token auth')));
  }

  async function bookingSuccesses(): Promise<number> {
    return BOOKING_SUCCESSES(await run(storyQuery('Booking load generator results/s by status')));
  }

  async function toggleToken(): Promise<boolean> {
    const answer = await getJson(demo.url('instabook-cache', '/admin/token'), { method: 'POST' });
    expect(answer.status).toBe(200);
    return answer.body.enabled as boolean;
  }

  beforeAll(async () => {
    demo = await startDemo();
    await demo.process.waitForLine(/All 9 services are healthy/, 45_000);
    // the shipped docker/prometheus config (5 s scrapes, rules) with 127.0.0.1 targets
    prometheus = await Prometheus.start({ targets: demo.ports });
    await waitFor(
      'Prometheus to scrape all nine services',
      async () =>
        (await prometheus.vector('count(up == 1)'))[0]?.value[1] === String(SERVICE_NAMES.length),
      60_000,
      1_000,
    );
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await stopDemo(demo);
  }, 30_000);

  it('the service variable (label_values(up, service)) lists the nine services', async () => {
    const values = await prometheus.api<string[]>('label/service/values', { 'match[]': 'up' });
    expect(values.sort()).toEqual([...SERVICE_NAMES].sort());
  });

  it('every query of every dashboard evaluates without error to a non-empty result', async () => {
    // a query that errors is a bug at once; one that is empty may only lack data yet (a rate
    // needs two scrapes in its window): those are retried for a bounded time
    const deadline = Date.now() + 90_000;
    let empty: string[] = [];
    let evaluated = 0;
    do {
      empty = [];
      evaluated = 0;
      for (const query of queries) {
        const services = query.expr.includes('$service') ? [...SERVICE_NAMES] : ['-'];
        for (const service of services) {
          const samples = await run(query, service);
          evaluated += 1;
          if (samples.length === 0)
            empty.push(`${query.dashboard} / ${query.panel} [${service}]: ${query.expr}`);
        }
      }
      if (empty.length) await sleep(SCRAPE_INTERVAL_MS);
    } while (empty.length && Date.now() < deadline);
    expect(empty).toEqual([]);
    expect(evaluated).toBeGreaterThan(queries.length);
  }, 150_000);

  it('a scenario switched on shows in the Scenarios annotation and Active scenarios, and leaves both when off', async () => {
    const annotations = [...new Set(annotationQueries().map((a) => a.expr))];
    const active = queries.find((q) => q.panel === 'Active scenarios');
    if (!active) throw new Error('the Overview has no panel "Active scenarios"');
    const shown = async (): Promise<string[][]> => [
      ...(await Promise.all(annotations.map((expr) => prometheus.vector(expr)))).map((samples) =>
        samples.map(({ metric }) => `${metric.service}: ${metric.scenario}`),
      ),
      (await run(active)).map(
        ({ metric, value }) => `${metric.service}: ${metric.scenario} = ${value}`,
      ),
    ];
    const switchLatency = async (enabled: boolean) => {
      // no wait, on a path nobody calls: the switch itself is all that changes
      const answer = await getJson(demo.url('ad-service', '/admin/scenarios/latency'), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ enabled, params: { ms: 0, route: '/no-such-route' } }),
      });
      expect({
        status: answer.status,
        enabled: (answer.body as { enabled: boolean }).enabled,
      }).toEqual({
        status: 200,
        enabled,
      });
    };
    const allOff = [...annotations.map(() => []), ['all services: no scenario on = 0']];
    const latencyOn = [
      ...annotations.map(() => ['ad-service: latency']),
      ['ad-service: latency = 1'],
    ];

    /** What both show once the gauge has reached Prometheus (next scrape, 5 s), or after 20 s. */
    const settlesAt = async (expected: string[][]): Promise<string[][]> => {
      let now: string[][] = [];
      await waitFor(
        `annotation and panel showing ${JSON.stringify(expected)}`,
        async () => {
          now = await shown();
          return JSON.stringify(now) === JSON.stringify(expected);
        },
        20_000,
        1_000,
      ).catch(() => undefined);
      return now;
    };

    expect(await shown()).toEqual(allOff);
    await switchLatency(true);
    try {
      expect(await settlesAt(latencyOn)).toEqual(latencyOn);
    } finally {
      await switchLatency(false);
    }
    expect(await settlesAt(allOff)).toEqual(allOff);
  }, 60_000);

  it('with token auth on, the story panels read 0 (not "no data") while bookings succeed', async () => {
    await waitFor(
      'booking successes in the rate window',
      async () => (await bookingSuccesses()) > 0,
      30_000,
      1_000,
    );
    expect(await storySignals()).toEqual(Object.fromEntries(STORY.map(({ panel }) => [panel, 0])));
    expect(await tokenAuth()).toBe(1);
  }, 60_000);

  it('token auth off: every story panel rises above 0, and the refused share reaches 100 %', async () => {
    expect(await toggleToken()).toBe(false);
    let signals: Record<string, number> = {};
    // the refused share is 100 % only once the rate window holds no call from before the switch
    await waitFor(
      'every story panel above 0 and every cache call refused',
      async () => {
        signals = await storySignals();
        return (
          Object.values(signals).every((value) => value > 0) &&
          signals['Cache calls refused'] > 0.999
        );
      },
      90_000,
      1_000,
    ).catch(() => undefined);
    expect(Object.keys(signals).sort()).toEqual(STORY.map(({ panel }) => panel).sort());
    expect(Object.entries(signals).filter(([, value]) => !(value > 0))).toEqual([]);
    expect(signals['Cache calls refused']).toBeCloseTo(1, 5);
    expect(await tokenAuth()).toBe(0);
  }, 120_000);

  it('token auth on again: every story panel is back to 0 one rate window later, bookings succeed', async () => {
    expect(await toggleToken()).toBe(true);
    const enabledAt = Date.now();
    let signals: Record<string, number> = {};
    await waitFor(
      'every story panel back at 0',
      async () => {
        signals = await storySignals();
        return Object.values(signals).every((value) => value === 0);
      },
      // the last failure leaves the 20 s window after at most 20 s + one scrape; the rest is slack
      90_000,
      1_000,
    ).catch(() => undefined);
    expect(signals).toEqual(Object.fromEntries(STORY.map(({ panel }) => [panel, 0])));
    expect(await bookingSuccesses()).toBeGreaterThan(0);
    expect(await tokenAuth()).toBe(1);
    process.stdout.write(`story panels back at 0 ${Date.now() - enabledAt} ms after re-enabling\n`);
  }, 120_000);
});
