import { parser } from '@prometheus-io/lezer-promql';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { buildDashboards } from '../../observability/dashboards';

/** One PromQL expression of one panel, as Grafana would send it before variable expansion. */
export interface DashboardQuery {
  dashboard: string;
  panel: string;
  legend: string;
  expr: string;
}

interface PanelLike {
  type?: string;
  title?: string;
  panels?: PanelLike[];
  targets?: { expr?: string; legendFormat?: string; datasource?: { uid?: string } }[];
  datasource?: { uid?: string };
}

/** Every panel of a dashboard, those inside collapsed rows included. */
export function panelsOf(board: dashboard.Dashboard): PanelLike[] {
  const flat = (panels: PanelLike[]): PanelLike[] =>
    panels.flatMap((panel) => [panel, ...flat(panel.panels ?? [])]);
  return flat((board.panels ?? []) as PanelLike[]);
}

/** Every Prometheus query of every dashboard, in the order of the panels. */
export function dashboardQueries(boards = buildDashboards()): DashboardQuery[] {
  return boards.flatMap((board) =>
    panelsOf(board).flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({
        dashboard: board.uid ?? '',
        panel: panel.title ?? '',
        legend: target.legendFormat ?? '',
        expr: target.expr ?? '',
      })),
    ),
  );
}

/** One annotation query of one dashboard: its name, datasource and PromQL. */
export interface AnnotationQueryOf {
  dashboard: string;
  name: string;
  datasourceUid: string;
  expr: string;
}

/** Every Prometheus annotation query of every dashboard. */
export function annotationQueries(boards = buildDashboards()): AnnotationQueryOf[] {
  return boards.flatMap((board) =>
    (board.annotations?.list ?? []).map((annotation) => ({
      dashboard: board.uid ?? '',
      name: annotation.name,
      datasourceUid: annotation.datasource?.uid ?? '',
      expr: annotation.expr ?? '',
    })),
  );
}

/** The Grafana variables a dashboard query may use, with the values a test substitutes. */
export interface Expansion {
  /** What `$__rate_interval` becomes, e.g. `30s`. */
  rateInterval: string;
  /** What `$service` becomes: one service name, or a regex over several. */
  service: string;
}

/** The query as Grafana sends it to Prometheus once the variables are expanded. */
export function expand(expr: string, { rateInterval, service }: Expansion): string {
  const expanded = expr
    .replaceAll('$__rate_interval', rateInterval)
    .replaceAll('${service}', service)
    .replaceAll('$service', service);
  const leftover = /\$\{?\w+/.exec(expanded);
  if (leftover) throw new Error(`unknown variable ${leftover[0]} in ${expr}`);
  return expanded;
}

/**
 * The metric names a PromQL expression selects, read from Prometheus's own Lezer grammar
 * (@prometheus-io/lezer-promql): the identifier of each vector selector, never a function,
 * keyword or label. Fails on a syntax error and on a `{__name__=…}` selector, whose metric a
 * name check could not see.
 */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  const problems: string[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) problems.push(`syntax error at ${node.from}`);
      if (node.name === 'LabelName' && expr.slice(node.from, node.to) === '__name__')
        problems.push('a {__name__=…} selector');
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector')
        names.add(expr.slice(node.from, node.to));
    },
  });
  if (problems.length) throw new Error(`${problems.join(', ')} in: ${expr}`);
  return [...names];
}
