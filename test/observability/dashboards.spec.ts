import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildDashboards, DASHBOARD_DIRS, renderDashboards } from '../../observability/dashboards';
import { PROMETHEUS, SCENARIO_ENABLED } from '../../observability/dashboards/common';
import {
  annotationQueries,
  dashboardQueries,
  expand,
  metricNames,
  panelsOf,
} from './dashboard-queries';

const ROOT = join(__dirname, '..', '..');
const REGENERATE = 'run `npm run dashboards` and commit the result';

describe('generated dashboards', () => {
  const expected = renderDashboards();

  it.each(DASHBOARD_DIRS)('%s holds exactly what the generator writes today', (dir) => {
    const folder = join(ROOT, dir);
    expect(existsSync(folder) ? 'exists' : `${dir} is missing: ${REGENERATE}`).toBe('exists');
    const onDisk = readdirSync(folder).filter((name) => name.endsWith('.json'));
    expect({ files: onDisk.sort(), hint: REGENERATE }).toEqual({
      files: [...expected.keys()].sort(),
      hint: REGENERATE,
    });
    for (const [name, text] of expected) {
      const stale = readFileSync(join(folder, name), 'utf8') !== text;
      expect(stale ? `${dir}/${name} is stale: ${REGENERATE}` : 'up to date').toBe('up to date');
    }
  });

  it('are the four dashboards, each with a unique uid and numbered panels', () => {
    const boards = buildDashboards();
    expect(boards.map((b) => b.uid)).toEqual([
      'demo-overview',
      'demo-instabook',
      'demo-shop',
      'demo-runtime',
    ]);
    for (const board of boards) {
      const ids = (board.panels ?? []).map((panel) => panel.id);
      expect(ids).toEqual(ids.map((_, i) => i + 1));
    }
  });
});

describe('every query', () => {
  const queries = dashboardQueries();

  it('there are queries on every dashboard', () => {
    expect(new Set(queries.map((q) => q.dashboard)).size).toBe(4);
    expect(queries.length).toBeGreaterThan(20);
  });

  it('goes to the provisioned Prometheus datasource (uid prometheus)', () => {
    for (const board of buildDashboards()) {
      for (const panel of panelsOf(board).filter((p) => p.targets?.length)) {
        expect({ panel: panel.title, uid: panel.datasource?.uid }).toEqual({
          panel: panel.title,
          uid: 'prometheus',
        });
        for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe('prometheus');
      }
    }
  });

  it('parses as PromQL once the variables are expanded', () => {
    for (const { expr } of queries) {
      expect(() =>
        metricNames(expand(expr, { rateInterval: '1m', service: 'gateway' })),
      ).not.toThrow();
    }
  });

  it("rates over Grafana's $__rate_interval, never a fixed window", () => {
    for (const { expr } of queries) {
      const windows = [...expr.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]);
      for (const window of windows)
        expect({ expr, window }).toEqual({ expr, window: '$__rate_interval' });
    }
  });

  it('error panels fall back to 0 (`or`), so they read 0 rather than "No data"', () => {
    // a counter its service exports at 0 for every label value from the start needs no
    // fallback (dashboards-live proves the panel reads 0 while nothing fails)
    const exportedAtZero = /^sum by \(reason\) \(rate\(instabook_cache_auth_failures_total\[/;
    const errorPanels = queries.filter((q) => /4xx|5xx|401/.test(q.panel));
    expect(errorPanels.length).toBeGreaterThanOrEqual(5);
    for (const { panel, expr } of errorPanels.filter((q) => !exportedAtZero.test(q.expr)))
      expect({ panel, expr }).toEqual({ panel, expr: expect.stringMatching(/ or /) });
  });
});

describe('the Overview dashboard', () => {
  const board = buildDashboards().find((b) => b.uid === 'demo-overview')!;

  it('repeats one row of panels over the service variable (label_values(up, service), multi, all)', () => {
    const rows = (board.panels ?? []).filter((panel) => panel.type === 'row');
    expect(rows).toEqual([expect.objectContaining({ repeat: 'service', title: '$service' })]);
    expect(board.templating?.list).toEqual([
      expect.objectContaining({
        name: 'service',
        type: 'query',
        definition: 'label_values(up, service)',
        multi: true,
        includeAll: true,
      }),
    ]);
  });

  it('each repeated panel is scoped to $service, with request rate, 4xx, 5xx and p50/p95/p99', () => {
    // the panels after the repeated row; Active scenarios sits above it, for all services
    const queries = dashboardQueries([board]).filter((q) => q.panel !== 'Active scenarios');
    for (const { expr } of queries) expect(expr).toContain('service=~"$service"');
    expect(queries.map((q) => q.panel)).toEqual([
      'Requests/s',
      '4xx/s',
      '5xx/s',
      'Latency',
      'Latency',
      'Latency',
    ]);
    expect(queries.filter((q) => q.panel === 'Latency').map((q) => q.legend)).toEqual([
      'p50',
      'p95',
      'p99',
    ]);
  });
});

describe('the Active scenarios panel of the Overview', () => {
  const board = buildDashboards().find((b) => b.uid === 'demo-overview')!;
  const panels = (board.panels ?? []) as (dashboard.Panel & { type: string })[];
  const panel = panels.find((p) => p.title === 'Active scenarios')!;

  it('is a full-width stat above the repeated row, one box per switched-on scenario', () => {
    expect(panel).toBeDefined();
    expect(panel.type).toBe('stat');
    expect(panels.indexOf(panel)).toBeLessThan(panels.findIndex((p) => p.type === 'row'));
    expect(panel.gridPos).toMatchObject({ w: 24, x: 0, y: 0 });
    expect(panel.options).toMatchObject({ textMode: 'name' });
  });

  it('asks for the state now (an instant query), named by service and scenario', () => {
    const [target] = (panel.targets ?? []) as unknown as {
      expr: string;
      instant?: boolean;
      range?: boolean;
      legendFormat: string;
    }[];
    expect(panel.targets).toHaveLength(1);
    expect(target).toMatchObject({
      instant: true,
      range: false,
      legendFormat: '{{service}}: {{scenario}}',
    });
    expect(metricNames(expand(target.expr, { rateInterval: '1m', service: 'gateway' }))).toEqual([
      SCENARIO_ENABLED,
    ]);
    // the switched-on ones (> 0), and a fallback only when there are none (`or on()`)
    expect(target.expr).toMatch(
      /^max by \(service, scenario\) \(demo_scenario_enabled\) > 0 or on\(\) /,
    );
  });
});

describe('the scenario annotation', () => {
  const annotations = annotationQueries();

  it('is on every dashboard, enabled, from the provisioned Prometheus datasource', () => {
    const boards = buildDashboards();
    expect(annotations.map((a) => a.dashboard)).toEqual(boards.map((b) => b.uid));
    for (const board of boards) {
      expect(board.annotations?.list).toEqual([
        expect.objectContaining({ name: 'Scenarios', enable: true, datasource: PROMETHEUS }),
      ]);
    }
  });

  it('parses as PromQL once the variables are expanded, and selects demo_scenario_enabled only', () => {
    expect(annotations.length).toBeGreaterThan(0);
    for (const { dashboard: uid, expr } of annotations) {
      expect({
        uid,
        metrics: metricNames(expand(expr, { rateInterval: '1m', service: 'gateway' })),
      }).toEqual({
        uid,
        metrics: [SCENARIO_ENABLED],
      });
    }
  });

  it('the parser is live: a broken or __name__ query is refused', () => {
    expect(() => metricNames('max by (service (demo_scenario_enabled) > 0')).toThrow(
      /syntax error/,
    );
    expect(() => metricNames('{__name__="demo_scenario_enabled"} > 0')).toThrow(/__name__/);
  });

  it('keeps only switched-on scenarios (Grafana draws a region where the value is above 0), by service and scenario', () => {
    for (const board of buildDashboards()) {
      const [annotation] = board.annotations?.list ?? [];
      expect(annotation.expr).toBe('max by (service, scenario) (demo_scenario_enabled) > 0');
      expect(annotation.titleFormat).toContain('{{scenario}}');
      expect(annotation.titleFormat).toContain('{{service}}');
      expect(annotation.tagKeys).toBe('service,scenario');
      expect(annotation.useValueForTime).toBe(false);
      // a region ends within a scrape interval of the switch
      expect(annotation.step).toBe('5s');
    }
  });
});

describe('Grafana provisioning (docker/grafana/provisioning)', () => {
  const read = (file: string): Record<string, unknown> =>
    parse(readFileSync(join(ROOT, 'docker/grafana/provisioning', file), 'utf8')) as Record<
      string,
      unknown
    >;

  it('provides the datasource every dashboard names, as the default, at the Compose service', () => {
    const { apiVersion, datasources } = read('datasources/prometheus.yaml');
    expect(apiVersion).toBe(1);
    expect(datasources).toEqual([
      expect.objectContaining({
        type: PROMETHEUS.type,
        uid: PROMETHEUS.uid,
        url: 'http://prometheus:9090',
        access: 'proxy',
        isDefault: true,
      }),
    ]);
  });

  it('loads the dashboards from the folder Compose mounts the generated files at', () => {
    const { apiVersion, providers } = read('dashboards/dashboards.yaml');
    expect(apiVersion).toBe(1);
    expect(providers).toEqual([
      expect.objectContaining({
        type: 'file',
        options: expect.objectContaining({ path: '/var/lib/grafana/dashboards' }),
      }),
    ]);
  });
});
