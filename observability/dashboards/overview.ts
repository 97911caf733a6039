import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  ACTIVE_SCENARIOS_OR_NONE,
  HTTP_DURATION,
  HTTP_REQUESTS,
  newDashboard,
  query,
  quantile,
  rateBy,
  rateOrZero,
  serviceVariable,
  statPanel,
  timeSeries,
} from './common';

const SERVICE = 'service=~"$service"';

/**
 * The failure scenarios switched on right now (an instant query: one that was on earlier in
 * the time range and is off now is not listed), one red box per scenario and service, or a
 * green "all services: no scenario on". The annotation of every dashboard shows when each was on.
 */
function activeScenarios() {
  return statPanel(
    'Active scenarios',
    'Failure scenarios switched on now (demo_scenario_enabled = 1), as "service: scenario"; switch them at the gateway\'s /console (docs/SCENARIOS.md). The orange regions on the graphs show when each was on.',
    'none',
    query(ACTIVE_SCENARIOS_OR_NONE, '{{service}}: {{scenario}}').instant(),
    24,
  )
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .thresholds(
      new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
        { value: null, color: 'green' },
        { value: 1, color: 'red' },
      ]),
    )
    .textMode(common.BigValueTextMode.Name)
    .colorMode(common.BigValueColorMode.Background)
    .graphMode(common.BigValueGraphMode.None)
    .noValue('No data yet')
    .height(3);
}

/**
 * The active scenarios on top, then one row per service, repeated by Grafana over the `service` variable: the same four
 * panels for all nine, from the HTTP metrics every service shares.
 */
export function overview(): dashboard.DashboardBuilder {
  return newDashboard(
    'demo-overview',
    'Demo / Overview',
    'Traffic, errors and latency of every service, one row each, from http_requests_total and http_request_duration_seconds.',
  )
    .withVariable(serviceVariable())
    .withPanel(activeScenarios())
    .withRow(new dashboard.RowBuilder('$service').repeat('service'))
    .withPanel(
      timeSeries(
        'Requests/s',
        'Every request the service answered, by route template (scrapes and probes included).',
        'reqps',
        [query(rateBy(HTTP_REQUESTS, SERVICE, ['route']), '{{route}}')],
        6,
      ),
    )
    .withPanel(
      timeSeries(
        '4xx/s',
        'Requests refused with a 4xx status; 0 when none.',
        'reqps',
        [query(rateOrZero(HTTP_REQUESTS, SERVICE, 'status_code=~"4.."'), '4xx')],
        6,
      ),
    )
    .withPanel(
      timeSeries(
        '5xx/s',
        'Requests that failed with a 5xx status; 0 when none.',
        'reqps',
        [query(rateOrZero(HTTP_REQUESTS, SERVICE, 'status_code=~"5.."'), '5xx')],
        6,
      ),
    )
    .withPanel(
      timeSeries(
        'Latency',
        'p50, p95 and p99 of the time to answer, all routes together.',
        's',
        [0.5, 0.95, 0.99].map((q) =>
          query(quantile(q, HTTP_DURATION, SERVICE), `p${Math.round(q * 100)}`),
        ),
        6,
      ),
    );
}
