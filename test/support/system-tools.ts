import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './processes';

/**
 * Where the system tools the suites spawn (chromium, shellcheck, docker-compose) live on this
 * machine. scripts/setup-tools.mjs, npm's pre-test step, looks them up (or installs them) and
 * records their paths; reading its record keeps the lookup in one place, so no suite
 * hard-codes a location that only one distribution uses.
 */
export const SYSTEM_TOOLS_RECORD = join(ROOT, '.tools', 'system-tools.json');

const HOW_TO_FIX =
  'run `npm test` — its pre-test step finds the system tools — or `node scripts/setup-tools.mjs`';

/** The absolute path of a tool recorded by scripts/setup-tools.mjs. */
export function systemTool(name: string): string {
  let recorded: Record<string, unknown>;
  try {
    recorded = JSON.parse(readFileSync(SYSTEM_TOOLS_RECORD, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `${SYSTEM_TOOLS_RECORD} could not be read (${(error as Error).message}); ${HOW_TO_FIX}`,
    );
  }
  const path = recorded[name];
  if (typeof path !== 'string') {
    throw new Error(`${SYSTEM_TOOLS_RECORD} records no ${name}; ${HOW_TO_FIX}`);
  }
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      `${name} was recorded at ${path}, which is no longer executable; ${HOW_TO_FIX}`,
    );
  }
  return path;
}
