import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as text from '@grafana/grafana-foundation-sdk/text';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** The datasource provisioned by docker/grafana/provisioning/datasources/prometheus.yaml. */
export const PROMETHEUS: common.DataSourceRef = { type: 'prometheus', uid: 'prometheus' };

/** Grafana's rate window: at least four scrape intervals, so a rate never has fewer than two samples. */
export const RATE = '$__rate_interval';

/** The services of the shop, as the Prometheus scrape config labels them (`service`). */
export const SHOP_SERVICES = [
  'gateway',
  'product-catalog',
  'currency-service',
  'ad-service',
  'checkout-service',
  'load-generator',
];

/** Every service's HTTP metrics, shared by all nine (libs/metrics). */
export const HTTP_REQUESTS = 'http_requests_total';
export const HTTP_DURATION = 'http_request_duration_seconds';

/**
 * The scenario switchboard's gauge (docs/SCENARIOS.md): 1 while a scenario is on, 0 while it
 * is off, per service (the scrape's `service` label) and `scenario`.
 */
export const SCENARIO_ENABLED = 'demo_scenario_enabled';

/** Every scenario switched on, by service and name; no series while all are off. */
export const ACTIVE_SCENARIOS = `max by (service, scenario) (${SCENARIO_ENABLED}) > 0`;

/**
 * The same, or while none is on one series at 0 named "no scenario on": `or on()` matches
 * on the empty label set, so the fallback is added only when the left side is empty.
 */
export const ACTIVE_SCENARIOS_OR_NONE =
  `${ACTIVE_SCENARIOS} or on() ` +
  'label_replace(label_replace(vector(0), "service", "all services", "", ""), "scenario", "no scenario on", "", "")';

/** A dashboard's common frame: fixed uid (file name and links), UTC, 5 s refresh like the scrapes. */
export function newDashboard(
  uid: string,
  title: string,
  description: string,
): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['microservice-demo'])
    .editable()
    .refresh('10s')
    .time({ from: 'now-15m', to: 'now' })
    .timezone('utc')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .annotation(scenarioAnnotation());
}

/**
 * On every dashboard: a region on each graph from the moment a failure scenario was switched
 * on to the moment it was switched off, titled with the scenario and its service. Grafana
 * makes a region of the consecutive steps at which the query returns a value above 0 (steps
 * at most `step` apart), so `step` is the scrape interval and a switch shows within one scrape.
 */
export function scenarioAnnotation(): dashboard.AnnotationQueryBuilder {
  return new dashboard.AnnotationQueryBuilder()
    .name('Scenarios')
    .datasource(PROMETHEUS)
    .enable(true)
    .iconColor('orange')
    .expr(ACTIVE_SCENARIOS)
    .step('5s')
    .titleFormat('Scenario {{scenario}} on at {{service}}')
    .textFormat('demo_scenario_enabled{service="{{service}}", scenario="{{scenario}}"} = 1')
    .tagKeys('service,scenario')
    .useValueForTime(false);
}

/**
 * The `service` variable: every scraped target's `service` label, several at once or all.
 * `allValue` keeps "All" a regex over every value (and so every panel's `=~"$service"`).
 */
export function serviceVariable(): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder('service')
    .label('Service')
    .datasource(PROMETHEUS)
    .query({ query: 'label_values(up, service)', refId: 'service' })
    .definition('label_values(up, service)')
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .current({ selected: true, text: ['All'], value: ['$__all'] });
}

export function query(expr: string, legend: string): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder()
    .datasource(PROMETHEUS)
    .expr(expr)
    .legendFormat(legend)
    .range();
}

export function timeSeries(
  title: string,
  description: string,
  unit: string,
  targets: prometheus.DataqueryBuilder[],
  width = 8,
): timeseries.PanelBuilder {
  return new timeseries.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(PROMETHEUS)
    .unit(unit)
    .min(0)
    .span(width)
    .height(8)
    .fillOpacity(10)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder()
        .mode(common.TooltipDisplayMode.Multi)
        .sort(common.SortOrder.Descending),
    )
    .targets(targets);
}

export function statPanel(
  title: string,
  description: string,
  unit: string,
  target: prometheus.DataqueryBuilder,
  width = 6,
): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(PROMETHEUS)
    .unit(unit)
    .span(width)
    .height(4)
    .withTarget(target);
}

export function note(title: string, markdown: string, width = 24, height = 5): text.PanelBuilder {
  return new text.PanelBuilder()
    .title(title)
    .mode(text.TextMode.Markdown)
    .content(markdown)
    .span(width)
    .height(height);
}

/** `metric{a, b}`, or the bare metric name when there are no matchers. */
export function selector(metric: string, ...matchers: string[]): string {
  const present = matchers.filter(Boolean);
  return present.length ? `${metric}{${present.join(', ')}}` : metric;
}

function grouped(by: string[]): string {
  return by.length ? ` by (${by.join(', ')})` : '';
}

export function rateBy(metric: string, matchers: string, by: string[] = []): string {
  return `sum${grouped(by)} (rate(${selector(metric, matchers)}[${RATE}]))`;
}

/**
 * `rate()` of `metric` where `filter` matches, summed by `by`, with every group present at
 * 0 when nothing matched: an error panel must read 0, not "No data", while all is well.
 *
 * `a or b` keeps all of `a` and those series of `b` whose label set no series of `a` has.
 * Both sides are summed by the same labels, so `b` (the same counter without the filter,
 * times 0) adds exactly the groups that had no error. Without a grouping both sides have
 * the empty label set and `vector(0)` is the fallback.
 */
export function rateOrZero(
  metric: string,
  matchers: string,
  filter: string,
  by: string[] = [],
): string {
  const errors = `sum${grouped(by)} (rate(${selector(metric, matchers, filter)}[${RATE}]))`;
  const zero = by.length ? `${rateBy(metric, matchers, by)} * 0` : 'vector(0)';
  return `${errors} or ${zero}`;
}

export function quantile(
  q: number,
  histogram: string,
  matchers: string,
  by: string[] = [],
): string {
  const rate = `rate(${selector(`${histogram}_bucket`, matchers)}[${RATE}])`;
  return `histogram_quantile(${q}, sum by (${['le', ...by].join(', ')}) (${rate}))`;
}
