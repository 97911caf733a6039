import { SERVICE_NAMES } from '@app/config';
import { Demo, getText, startDemo, stopDemo, waitFor } from '../support/processes';
import { dashboardQueries, expand, metricNames } from './dashboard-queries';

/** Series Prometheus makes itself for every scrape target; no service exposes them. */
const PROMETHEUS_MADE = new Set(['up']);

/** Metric names of a /metrics page, as its sample lines spell them (`_bucket` etc. included). */
function exposedNames(exposition: string): string[] {
  return exposition
    .split('\n')
    .map((line) => /^([a-zA-Z_:][\w:]*)[{ ]/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

/**
 * Every metric any dashboard query selects is exposed by some service's live /metrics, so no
 * panel can stay empty because of a misspelt or renamed metric.
 */
describe('dashboard metrics against the live services', () => {
  let demo: Demo;

  const wanted = new Map<string, string[]>();
  for (const query of dashboardQueries()) {
    const expr = expand(query.expr, { rateInterval: '1m', service: 'gateway' });
    for (const name of metricNames(expr)) {
      if (PROMETHEUS_MADE.has(name)) continue;
      wanted.set(name, [...(wanted.get(name) ?? []), `${query.dashboard} / ${query.panel}`]);
    }
  }

  async function exposedNow(): Promise<Map<string, Set<string>>> {
    const byService = new Map<string, Set<string>>();
    for (const name of SERVICE_NAMES)
      byService.set(name, new Set(exposedNames(await getText(demo.url(name, '/metrics')))));
    return byService;
  }

  beforeAll(async () => {
    demo = await startDemo();
    await demo.process.waitForLine(/All 9 services are healthy/, 45_000);
  }, 60_000);

  afterAll(() => stopDemo(demo), 20_000);

  it('selects metrics at all (histograms through _bucket, counters, gauges)', () => {
    expect(wanted.size).toBeGreaterThan(10);
    expect([...wanted.keys()]).toEqual(
      expect.arrayContaining([
        'http_requests_total',
        'http_request_duration_seconds_bucket',
        'instabook_cache_errors',
        'process_cpu_seconds_total',
      ]),
    );
  });

  it('finds every one on some service once the load generators have run a while', async () => {
    let missing: string[] = [];
    // counters and histograms appear with their first observation: give the traffic (and a
    // first garbage collection) up to a minute, and fail naming what never showed up
    await waitFor(
      'every dashboard metric on some /metrics page',
      async () => {
        const exposed = [...(await exposedNow()).values()];
        missing = [...wanted.keys()].filter((name) => !exposed.some((names) => names.has(name)));
        return missing.length === 0;
      },
      60_000,
      2_000,
    ).catch(() => undefined);
    expect(missing.map((name) => `${name} (used by ${wanted.get(name)?.join(', ')})`)).toEqual([]);
  }, 90_000);

  it('the uniform HTTP and runtime metrics are on all nine services', async () => {
    const byService = await exposedNow();
    const everywhere = [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ];
    for (const [service, names] of byService)
      expect({ service, missing: everywhere.filter((n) => !names.has(n)) }).toEqual({
        service,
        missing: [],
      });
  });
});
