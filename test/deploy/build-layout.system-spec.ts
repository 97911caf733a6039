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
 * either one built serves its page. The bundle's copy is covered by bundle.system-spec.
 * nest build runs in a copy of the sources, so the dist/ other tests read is left alone.
 */

/** The apps with a page of static files: the cache's token page and the gateway's console. */
const PAGES = [
  { app: 'instabook-cache', folder: 'admin', mount: '/admin', name: 'admin' },
  { app: 'gateway', folder: 'console', mount: '/console', name: 'console' },
] as const;
const APPS = PAGES.map((page) => page.app);
const filesOf = (page: (typeof PAGES)[number]) => [
  `${page.name}.css`,
  `${page.name}.js`,
  'index.html',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

describe(`nest build ${APPS.join(' ')} and npm run build`, () => {
  let copy: string;
  const running: RunningProcess[] = [];

  beforeAll(() => {
    if (!APPS.every((app) => existsSync(join(ROOT, 'dist', 'apps', app, 'src', 'main.js')))) {
      throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    }
    copy = mkdtempSync(join(tmpdir(), 'build-layout-spec-'));
    for (const path of ['apps', 'libs', 'nest-cli.json', 'tsconfig.json', 'tsconfig.build.json']) {
      cpSync(join(ROOT, path), join(copy, path), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const built = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build', ...APPS],
      { cwd: copy, encoding: 'utf8', timeout: 180_000 },
    );
    if (built.status !== 0) {
      throw new Error(
        `nest build ${APPS.join(' ')} failed (${built.status}):\n${built.stdout}${built.stderr}`,
      );
    }
  }, 200_000);

  afterAll(async () => {
    for (const proc of running) await proc.kill();
    if (copy) rmSync(copy, { recursive: true, force: true });
  }, 30_000);

  it('nest build writes its files where npm run build writes them, static files included', () => {
    const nestBuilt = filesUnder(join(copy, 'dist'));
    for (const page of PAGES) {
      expect(nestBuilt).toContain(`apps/${page.app}/src/main.js`);
      for (const file of filesOf(page)) {
        const path = `apps/${page.app}/src/${page.folder}/public/${file}`;
        expect(nestBuilt).toContain(path);
        expect(readFileSync(join(copy, 'dist', path))).toEqual(
          readFileSync(join(ROOT, 'dist', path)),
        );
      }
    }
    // one app's build is the part of the whole build that app needs, at the same paths
    const npmBuilt = new Set(filesUnder(join(ROOT, 'dist')));
    expect(nestBuilt.filter((file) => !npmBuilt.has(file))).toEqual([]);
  });

  it.each(
    PAGES.flatMap((page) => [
      ['nest build', page.app, page, () => copy] as const,
      ['npm run build', page.app, page, () => ROOT] as const,
    ]),
  )(
    'the %s of %s serves its page and its files',
    async (_build, _app, page, root) => {
      const [port] = await freePorts(1);
      const service = new RunningProcess(
        spawn(process.execPath, [join(root(), 'dist', 'apps', page.app, 'src', 'main.js')], {
          cwd: root(),
          env: { ...environment(), ...TEST_ENV, PORT: String(port) },
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
      running.push(service);
      const url = (path: string) => `http://127.0.0.1:${port}${path}`;
      await waitFor(
        `${page.app} on port ${port} to be healthy`,
        async () => (await fetch(url('/health')).catch(() => undefined))?.status === 200,
        30_000,
        50,
      );
      const source = join(ROOT, 'apps', page.app, 'src', page.folder, 'public');
      for (const [path, file, type] of [
        [page.mount, 'index.html', /^text\/html/],
        [`${page.mount}/${page.name}.css`, `${page.name}.css`, /^text\/css/],
        [`${page.mount}/${page.name}.js`, `${page.name}.js`, /^text\/javascript/],
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
