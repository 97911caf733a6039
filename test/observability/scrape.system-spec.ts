import { spawnSync } from 'node:child_process';
import { SERVICE_NAMES, ServiceName } from '@app/config';
import { Demo, getText, startDemo, waitFor } from '../support/processes';
import { Prometheus } from '../support/prometheus';
import { systemTool } from '../support/system-tools';

/**
 * The nine real services, started the way `npm start` starts them, as Prometheus sees them:
 * their /metrics through `promtool check metrics`, and a real Prometheus (Debian's, see
 * scripts/setup-tools.mjs) with the shipped config and rules, scraping them through the
 * same target file `npm run observe` writes.
 */

/**
 * Every warning `promtool check metrics` may give, and why we keep the name it complains
 * about. Any other warning fails, and so does an allowed one that no longer appears while
 * its metric is there: the list stays exact.
 */
const ALLOWED_LINT: { metric: string; problem: string; reason: string }[] = [
  ...[
    'request_count',
    'product_catalog_request_count',
    'currency_request_count',
    'ad_service_request_count',
    'checkout_request_count',
    'instabook_cache_request_count',
    'instabook_request_count',
    'load_generator_request_count',
    'load_generator_instabook_request_count',
  ].flatMap((metric) => [
    {
      metric,
      problem: 'counter metrics should have "_total" suffix',
      reason: 'a name kept from the original demo (docs/METRICS.md#naming-exceptions)',
    },
    {
      metric,
      problem: 'non-histogram and non-summary metrics should not have "_count" suffix',
      reason: 'a name kept from the original demo (docs/METRICS.md#naming-exceptions)',
    },
  ]),
  {
    metric: 'instabook_cache_errors',
    problem: 'counter metrics should have "_total" suffix',
    reason: 'a name kept from the original demo (docs/METRICS.md#naming-exceptions)',
  },
  ...[
    'nodejs_active_handles_total',
    'nodejs_active_requests_total',
    'nodejs_active_resources_total',
  ].map((metric) => ({
    metric,
    problem: 'non-counter metrics should not have "_total" suffix',
    reason: "prom-client's default metrics: gauges it names this way",
  })),
];

/** The metric names an exposition declares (# TYPE lines). */
function declaredMetrics(exposition: string): Set<string> {
  return new Set([...exposition.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
}

/** `promtool check metrics` on one exposition: its exit status and one line per problem. */
function lint(exposition: string): { status: number | null; problems: string[] } {
  const result = spawnSync(systemTool('promtool'), ['check', 'metrics'], {
    input: exposition,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  const problems = `${result.stdout}${result.stderr}`.split('\n').filter(Boolean);
  return { status: result.status, problems };
}

let demo: Demo;
let prometheus: Prometheus | undefined;

beforeAll(async () => {
  demo = await startDemo();
  await demo.process.waitForLine(/All 9 services are healthy/, 90_000);
  prometheus = await Prometheus.start({ targets: demo.ports });
}, 150_000);

afterAll(async () => {
  await prometheus?.stop();
  await demo?.process.kill();
}, 30_000);

describe('promtool check metrics on every live /metrics', () => {
  it.each(SERVICE_NAMES)('%s: only the allowed warnings, exactly', async (name: ServiceName) => {
    // The load generators make every service count requests within a few seconds; wait for
    // the service's own request counter to count one that is not a probe, so the lint sees
    // samples of every metric, not only their declarations.
    const exposition = await waitFor(
      `${name} to count a request besides probes`,
      async () => {
        const text = await getText(demo.url(name, '/metrics'));
        return /^\w*request_count\{[^}]*endpoint="(?!\/health")/m.test(text) ? text : undefined;
      },
      30_000,
      500,
    );
    const declared = declaredMetrics(exposition);
    expect(declared.size).toBeGreaterThan(20);

    const { status, problems } = lint(exposition);
    const expected = ALLOWED_LINT.filter(({ metric }) => declared.has(metric)).map(
      ({ metric, problem }) => `${metric} ${problem}`,
    );
    expect(problems.sort()).toEqual(expected.sort());
    // promtool's exit code for lint problems is 3; anything else would be a parse error.
    expect(status).toBe(expected.length ? 3 : 0);
  });
});

describe('a real Prometheus with the shipped config', () => {
  it('scrapes all nine services, each up and labelled with its service name', async () => {
    const up = await waitFor(
      'all nine targets to be up',
      async () => {
        const samples = await prometheus!.vector('up');
        return samples.length === SERVICE_NAMES.length &&
          samples.every((sample) => sample.value[1] === '1')
          ? samples
          : undefined;
      },
      30_000,
      1_000,
    );
    expect(up.map((sample) => [sample.metric.service, sample.metric.instance]).sort()).toEqual(
      SERVICE_NAMES.map((name) => [name, `127.0.0.1:${demo.ports[name]}`]).sort(),
    );
    for (const sample of up) expect(sample.metric.job).toBe('microservice-demo');
  }, 60_000);
});
