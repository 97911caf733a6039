// Writes the Grafana dashboards, built in TypeScript with @grafana/grafana-foundation-sdk
// (observability/dashboards/*.ts), to docker/grafana/dashboards/ and helm-chart/dashboards/.
//
//   npm run dashboards
//
// The JSON is checked in; test/observability/dashboards.spec.ts fails when it is stale.
// esbuild compiles the TypeScript in memory (no tsc build of the whole workspace needed);
// the bundle runs from a temporary folder, which it is removed from afterwards.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const result = await build({
  entryPoints: [join(ROOT, 'observability/dashboards/generate.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  write: false,
  logLevel: 'warning',
});

const dir = mkdtempSync(join(tmpdir(), 'dashboards-'));
try {
  const file = join(dir, 'generate.cjs');
  writeFileSync(file, result.outputFiles[0].contents);
  const { writeDashboards } = createRequire(import.meta.url)(file);
  process.stdout.write(
    writeDashboards(ROOT)
      .map((file) => `wrote ${file}\n`)
      .join(''),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
