import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { instabook } from './instabook';
import { overview } from './overview';
import { runtime } from './runtime';
import { shop } from './shop';

/**
 * Every dashboard, built anew on each call. Panels are numbered 1, 2, … in order: the SDK
 * leaves most without an id and gives rows 0, which Grafana would renumber on every load.
 */
export function buildDashboards(): dashboard.Dashboard[] {
  return [overview(), instabook(), shop(), runtime()].map((builder) => {
    const board = builder.build();
    (board.panels ?? []).forEach((panel, index) => {
      panel.id = index + 1;
    });
    return board;
  });
}

/** Where the generated files live: Compose mounts the first, the Helm chart packs the second. */
export const DASHBOARD_DIRS = ['docker/grafana/dashboards', 'helm-chart/dashboards'];

/** File name → file text, exactly as `npm run dashboards` writes it. */
export function renderDashboards(): Map<string, string> {
  return new Map(
    buildDashboards().map((board) => [`${board.uid}.json`, `${JSON.stringify(board, null, 2)}\n`]),
  );
}
