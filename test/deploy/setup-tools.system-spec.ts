import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environment } from '@app/config';
import { ROOT } from '../support/processes';
import { systemTool } from '../support/system-tools';

/**
 * scripts/setup-tools.mjs (npm's pre-test step), run for real as an unprivileged user, the way
 * a developer runs `npm test`. Missing tools are made missing for real: the script runs in a
 * private mount namespace where empty file systems hide every place it looks. Each run uses a
 * copy of the script in a scratch folder, so it records into that folder's .tools/, not the
 * checkout's. Hiding tools and switching users needs root (unshare -m, setpriv); without
 * either the suite fails, as a skipped suite would leave the pre-test step unproven.
 */

const NOBODY = 65534;
const TOOLS = ['chromium', 'shellcheck', 'docker-compose', 'prometheus', 'promtool'];
/** Debian's `prometheus` package provides both prometheus and promtool: asked for once. */
const PACKAGES = 'chromium shellcheck docker-compose prometheus';
const APT_GET = 'sudo apt-get update && sudo apt-get install -y --no-install-recommends';
/** Where the script looks beyond CHROMIUM_PATH; /usr/bin goes last, it holds `mount` itself. */
const HIDDEN = ['/usr/local/bin', '/opt', '/snap', '/usr/bin'];
/** Each run is a few file lookups plus Node's start; more than this is a hang. */
const RUN_TIMEOUT_MS = 20_000;

const WHY_ROOT =
  'this suite runs scripts/setup-tools.mjs as uid 65534 in a private mount namespace ' +
  '(unshare -m, mount and setpriv from util-linux), which needs root on Linux';

// Paths travel as positional arguments, never interpolated into the shell text. Node and
// setpriv are bound into keep/ first, so they stay reachable once the tools are hidden (Node
// may well live in /usr/bin).
const SANDBOX = `set -eu
keep=$1 script=$2 hide=$3 user=$4 node=$5 setpriv=$6
mount --bind "$node" "$keep/node"
mount --bind "$setpriv" "$keep/setpriv"
if [ "$hide" = yes ]; then
  for dir in ${HIDDEN.join(' ')}; do
    if [ -d "$dir" ]; then mount -t tmpfs -o mode=755,size=1m tmpfs "$dir"; fi
  done
fi
if [ "$user" = root ]; then exec "$keep/node" "$script"; fi
exec "$keep/setpriv" --reuid=${NOBODY} --regid=${NOBODY} --clear-groups "$keep/node" "$script"`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  record?: Record<string, string>;
  /** One line per apt-get call: its environment's DEBIAN_FRONTEND, then its arguments. */
  aptGetCalls: string[];
}

let scratch: string;
let setpriv: string;

beforeAll(() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    throw new Error(`not running as root (uid ${process.getuid?.()}); ${WHY_ROOT}`);
  }
  const probe = spawnSync('unshare', ['-m', 'true'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `unshare -m does not work here (${probe.error?.message ?? probe.stderr}); ${WHY_ROOT}`,
    );
  }
  const which = spawnSync('sh', ['-c', 'command -v setpriv'], { encoding: 'utf8' });
  if (which.status !== 0) throw new Error(`setpriv is not on PATH; ${WHY_ROOT}`);
  setpriv = which.stdout.trim();
  scratch = mkdtempSync(join(tmpdir(), 'setup-tools-spec-'));
  chmodSync(scratch, 0o755);
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/**
 * A fresh copy of the script, owned by nobody so it could write its record if it tried, and
 * a stand-in apt-get first on PATH that only notes each call: the script must see an apt-get,
 * so that a refusal to install is the uid check's doing, and it can never install anything.
 */
function freshCopy(label: string): string {
  const root = join(scratch, label);
  for (const dir of [root, join(root, 'scripts'), join(root, 'keep')]) {
    mkdirSync(dir, { mode: 0o755 });
    chownSync(dir, NOBODY, NOBODY);
  }
  copyFileSync(join(ROOT, 'scripts', 'setup-tools.mjs'), join(root, 'scripts', 'setup-tools.mjs'));
  // the script reads its environment through libs/config, as every script does
  const environmentModule = join(root, 'libs', 'config', 'environment.cjs');
  mkdirSync(join(root, 'libs', 'config'), { recursive: true, mode: 0o755 });
  copyFileSync(join(ROOT, 'libs', 'config', 'environment.cjs'), environmentModule);
  for (const name of ['node', 'setpriv']) writeFileSync(join(root, 'keep', name), '');
  writeFileSync(
    join(root, 'keep', 'apt-get'),
    `#!${join(root, 'keep', 'node')}\n` +
      `const { DEBIAN_FRONTEND } = require(${JSON.stringify(environmentModule)}).environment();\n` +
      `require('node:fs').appendFileSync(${JSON.stringify(join(root, 'apt-get.calls'))}, ` +
      "`${DEBIAN_FRONTEND} ${process.argv.slice(2).join(' ')}\\n`);\n",
    { mode: 0o755 },
  );
  return root;
}

/** Runs a copy of the script with the tools hidden or not, and only the env given here. */
function runSetupTools(
  label: string,
  {
    hideTools,
    user = 'nobody',
    env = {},
  }: { hideTools: boolean; user?: 'nobody' | 'root'; env?: Record<string, string> },
): Run {
  const root = freshCopy(label);
  const keep = join(root, 'keep');
  const script = join(root, 'scripts', 'setup-tools.mjs');
  const started = performance.now();
  const result = spawnSync(
    'unshare',
    [
      ...['-m', 'sh', '-c', SANDBOX, 'sandbox', keep, script],
      ...[hideTools ? 'yes' : 'no', user, process.execPath, setpriv],
    ],
    {
      cwd: root,
      // Nothing inherited: a developer's CHROMIUM_PATH must not decide the outcome.
      env: { PATH: [keep, '/usr/local/bin', '/usr/bin', '/bin'].join(':'), HOME: root, ...env },
      encoding: 'utf8',
      timeout: RUN_TIMEOUT_MS,
    },
  );
  if (result.error) throw result.error;
  const recordFile = join(root, '.tools', 'system-tools.json');
  const callsFile = join(root, 'apt-get.calls');
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    seconds: (performance.now() - started) / 1000,
    record: existsSync(recordFile)
      ? (JSON.parse(readFileSync(recordFile, 'utf8')) as Record<string, string>)
      : undefined,
    aptGetCalls: existsSync(callsFile) ? lines(readFileSync(callsFile, 'utf8')) : [],
  };
}

const lines = (text: string) => text.split('\n').filter(Boolean);

/** An executable stand-in for a browser: the script checks where it is, it never runs it. */
function fakeBrowser(name: string): string {
  const path = join(scratch, name);
  writeFileSync(path, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return path;
}

describe('scripts/setup-tools.mjs as a user who is not root', () => {
  it('stops at once with one message naming every missing tool and the apt-get command, installing nothing', () => {
    const run = runSetupTools('missing', { hideTools: true });

    expect(run.seconds).toBeLessThan(5);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toHaveLength(1);
    for (const tool of TOOLS) expect(run.stderr).toContain(tool);
    expect(run.stderr).toContain(`${APT_GET} ${PACKAGES}`);
    expect(run.stderr).toContain('CHROMIUM_PATH');
    expect(run.aptGetCalls).toEqual([]);
    expect(run.record).toBeUndefined();
  });

  it('names only what is missing: a CHROMIUM_PATH browser leaves the other packages', () => {
    const run = runSetupTools('browser-only', {
      hideTools: true,
      env: { CHROMIUM_PATH: fakeBrowser('my-chrome') },
    });

    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain(`${APT_GET} shellcheck docker-compose prometheus,`);
    expect(run.stderr).not.toMatch(/chromium|CHROMIUM_PATH/);
    expect(run.aptGetCalls).toEqual([]);
    expect(run.record).toBeUndefined();
  });

  it('with the tools installed, exits 0 with one line and records where each one is', () => {
    // The pre-test step of this very `npm test` found the tools, maybe through CHROMIUM_PATH.
    const { CHROMIUM_PATH } = environment();
    const env: Record<string, string> = CHROMIUM_PATH ? { CHROMIUM_PATH } : {};
    const run = runSetupTools('present', { hideTools: false, env });

    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(lines(run.stdout)).toHaveLength(1);
    expect(run.aptGetCalls).toEqual([]);
    expect(Object.keys(run.record ?? {}).sort()).toEqual([...TOOLS].sort());
    for (const tool of TOOLS) expect(run.record?.[tool]).toBe(systemTool(tool));
    // Each path is the tool itself, not just some executable.
    const version = (tool: string) =>
      spawnSync(run.record?.[tool] ?? tool, ['--version'], {
        encoding: 'utf8',
        timeout: RUN_TIMEOUT_MS,
      }).stdout;
    expect(version('shellcheck')).toContain('ShellCheck');
    expect(version('docker-compose')).toMatch(/^docker-compose version/);
    expect(version('prometheus')).toMatch(/^prometheus, version \d/);
    expect(version('promtool')).toMatch(/^promtool, version \d/);
    expect(version('chromium')).toMatch(/Chromium|Chrome/);
  });

  it('uses CHROMIUM_PATH when it names an executable', () => {
    const browser = fakeBrowser('chrome-from-env');
    const run = runSetupTools('env-browser', { hideTools: false, env: { CHROMIUM_PATH: browser } });

    expect(run.status).toBe(0);
    expect(run.record?.chromium).toBe(browser);
  });

  it.each([
    ['a missing file', () => join(scratch, 'no-such-chrome')],
    [
      'a file that is not executable',
      () => {
        const path = join(scratch, 'not-executable-chrome');
        writeFileSync(path, '', { mode: 0o644 });
        return path;
      },
    ],
  ])('fails naming CHROMIUM_PATH when it points to %s', (label, makePath) => {
    const path = makePath();
    const run = runSetupTools(`bad-env-${label.replace(/\W+/g, '-')}`, {
      hideTools: false,
      env: { CHROMIUM_PATH: path },
    });

    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toEqual([expect.stringContaining(`CHROMIUM_PATH is ${path}`)]);
    expect(run.record).toBeUndefined();
  });
});

describe('scripts/setup-tools.mjs as root', () => {
  it('asks apt-get for every missing package, says so in one line, and fails if they still are not there', () => {
    // The stand-in apt-get installs nothing, so the script must notice and not record.
    const run = runSetupTools('root-installs', { hideTools: true, user: 'root' });

    expect(run.aptGetCalls).toEqual([
      'noninteractive -qq -o DPkg::Lock::Timeout=600 update',
      `noninteractive -qq -o DPkg::Lock::Timeout=600 install -y --no-install-recommends ${PACKAGES}`,
    ]);
    expect(lines(run.stdout)).toEqual([
      `setup-tools: installing ${PACKAGES.split(' ').join(', ')} with apt-get (first run only)`,
    ]);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/still not found/)]);
    for (const tool of TOOLS) expect(run.stderr).toContain(tool);
    expect(run.record).toBeUndefined();
  });
});
