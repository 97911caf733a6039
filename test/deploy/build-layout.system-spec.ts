import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { environment } from '@app/config';
import { freePorts, ROOT, RunningProcess, TEST_ENV, waitFor } from '../support/processes';

/**
 * One build layout: `nest build <app>` (nest-cli.json) writes what `npm run build` (tsc and
 * scripts/copy-assets.mjs) writes, at the same paths, static files included, and the service
 * either one built serves its admin page. The bundle's copy is covered by bundle.system-spec.
 * nest build runs in a copy of the sources, so the dist/ other tests read is left alone.
 */

const APP = 'instabook-cache';
const ADMIN_FILES = ['admin.css', 'admin.js', 'index.html'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

describe(`nest build ${APP} and npm run build`, () => {
  let copy: string;
  const running: RunningProcess[] = [];

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'apps', APP, 'src', 'main.js'))) {
      throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    }
    copy = mkdtempSync(join(tmpdir(), 'build-layout-spec-'));
    for (const path of ['apps', 'libs', 'nest-cli.json', 'tsconfig.json', 'tsconfig.build.json']) {
      cpSync(join(ROOT, path), join(copy, path), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const built = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build', APP],
      { cwd: copy, encoding: 'utf8', timeout: 180_000 },
    );
    if (built.status !== 0) {
      throw new Error(
        `nest build ${APP} failed (${built.status}):\n${built.stdout}${built.stderr}`,
      );
    }
  }, 200_000);

  afterAll(async () => {
    for (const proc of running) await proc.kill();
    if (copy) rmSync(copy, { recursive: true, force: true });
  }, 30_000);

  it('nest build writes its files where npm run build writes them, static files included', () => {
    const nestBuilt = filesUnder(join(copy, 'dist'));
    expect(nestBuilt).toContain(`apps/${APP}/src/main.js`);
    for (const file of ADMIN_FILES) {
      const path = `apps/${APP}/src/admin/public/${file}`;
      expect(nestBuilt).toContain(path);
      expect(readFileSync(join(copy, 'dist', path))).toEqual(
        readFileSync(join(ROOT, 'dist', path)),
      );
    }
    // one app's build is the part of the whole build that app needs, at the same paths
    const npmBuilt = new Set(filesUnder(join(ROOT, 'dist')));
    expect(nestBuilt.filter((file) => !npmBuilt.has(file))).toEqual([]);
  });

  it.each([
    ['nest build', () => copy],
    ['npm run build', () => ROOT],
  ])(
    'the service %s made serves the admin page and its files',
    async (_build, root) => {
      const [port] = await freePorts(1);
      const service = new RunningProcess(
        spawn(process.execPath, [join(root(), 'dist', 'apps', APP, 'src', 'main.js')], {
          cwd: root(),
          env: { ...environment(), ...TEST_ENV, PORT: String(port) },
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
      running.push(service);
      const url = (path: string) => `http://127.0.0.1:${port}${path}`;
      await waitFor(
        `${APP} on port ${port} to be healthy`,
        async () => (await fetch(url('/health')).catch(() => undefined))?.status === 200,
        30_000,
        50,
      );
      const source = join(ROOT, 'apps', APP, 'src', 'admin', 'public');
      for (const [path, file, type] of [
        ['/admin', 'index.html', /^text\/html/],
        ['/admin/admin.css', 'admin.css', /^text\/css/],
        ['/admin/admin.js', 'admin.js', /^text\/javascript/],
      ] as const) {
        const answer = await fetch(url(path));
        expect({ path, status: answer.status }).toEqual({ path, status: 200 });
        expect(answer.headers.get('content-type')).toMatch(type);
        expect(await answer.text()).toBe(readFileSync(join(source, file), 'utf8'));
      }
      await service.kill();
    },
    60_000,
  );
});
