import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_DIRS, renderDashboards } from './index';

/**
 * Writes every dashboard into each of DASHBOARD_DIRS under `root` and removes JSON files
 * no dashboard produces any more, so a renamed dashboard leaves nothing stale behind.
 */
export function writeDashboards(root: string): string[] {
  const files = renderDashboards();
  const written: string[] = [];
  for (const dir of DASHBOARD_DIRS) {
    const target = join(root, dir);
    mkdirSync(target, { recursive: true });
    for (const name of readdirSync(target)) {
      if (name.endsWith('.json') && !files.has(name)) rmSync(join(target, name));
    }
    for (const [name, text] of files) {
      writeFileSync(join(target, name), text);
      written.push(join(dir, name));
    }
  }
  return written;
}
