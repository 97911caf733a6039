// tsc compiles only TypeScript; the static files of the cache's admin page follow into dist here.
import { cpSync } from 'node:fs';

const ASSET_DIRS = ['apps/instabook-cache/src/admin/public'];

for (const dir of ASSET_DIRS) {
  cpSync(dir, `dist/${dir}`, { recursive: true });
}
