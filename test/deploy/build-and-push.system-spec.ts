import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_NAMES, ServiceName, TOPOLOGY, environment } from '@app/config';
import { ROOT } from '../support/processes';

/**
 * build-and-push.sh through --dry-run (what it would run), and through a stub `docker` on
 * PATH (what it does run): no real docker call, no registry.
 */

const SCRIPT = join(ROOT, 'build-and-push.sh');
const DEFAULT_REPO = 'quay.io/metoro/metoro-demo-applications';
const VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'build-and-push-spec-'));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/**
 * Runs the script as users do (`./build-and-push.sh`: executable bit and shebang), from a
 * foreign directory (it must find the repo root itself).
 */
function run(args: string[], env: Record<string, string> = {}) {
  const inherited = Object.fromEntries(
    Object.entries(environment()).filter(([key]) => key !== 'IMAGE_REPO'),
  );
  const result = spawnSync(SCRIPT, args, {
    cwd: scratch,
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function argv(name: ServiceName, repo = DEFAULT_REPO): string[] {
  return [
    'docker',
    'buildx',
    'build',
    '--platform',
    'linux/amd64,linux/arm64',
    '-f',
    'docker/Dockerfile',
    '--build-arg',
    `APP=${name}`,
    '--build-arg',
    `PORT=${TOPOLOGY[name].port}`,
    '--build-arg',
    `VERSION=${VERSION}`,
    '-t',
    `${repo}:${name}-${VERSION}`,
    '-t',
    `${repo}:${name}-latest`,
    '--push',
    '.',
  ];
}

/** The line --dry-run prints; every word here is shell-safe, so no quoting. */
const line = (name: ServiceName, repo = DEFAULT_REPO) => argv(name, repo).join(' ');

const lines = (text: string) => text.split('\n').filter(Boolean);

/** A directory for PATH holding a `docker` stub that records each call's argv, one per line. */
function stubDocker(buildxWorks: boolean): { dir: string; calls: () => string[][] } {
  const dir = mkdtempSync(join(scratch, 'bin-'));
  const log = join(dir, 'calls.jsonl');
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'docker'),
    [
      '#!/bin/sh',
      // argv as a JSON array via node, which is on PATH for the test run
      `node -e 'process.stdout.write(JSON.stringify(["docker", ...process.argv.slice(1)]) + "\\n")' -- "$@" >> '${log}'`,
      'if [ "$1" = buildx ] && [ "$2" = version ]; then',
      buildxWorks
        ? '  echo "github.com/docker/buildx v0.0.0-stub"; exit 0'
        : `  echo "docker: 'buildx' is not a docker command." >&2; exit 1`,
      'fi',
    ].join('\n') + '\n',
  );
  chmodSync(join(dir, 'docker'), 0o755);
  return {
    dir,
    calls: () => lines(readFileSync(log, 'utf8')).map((l) => JSON.parse(l) as string[]),
  };
}

describe('build-and-push.sh --dry-run', () => {
  it('prints one buildx command per service, in topology order, with the package.json version', () => {
    const { code, stdout, stderr } = run(['--dry-run']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(lines(stdout)).toEqual(SERVICE_NAMES.map((name) => line(name)));
  });

  it.each(SERVICE_NAMES)('builds only %s when named, with its documented port', (name) => {
    const { code, stdout, stderr } = run(['--dry-run', name]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(lines(stdout)).toEqual([line(name)]);
  });

  it('accepts the service before the flag too', () => {
    expect(run(['gateway', '--dry-run']).stdout).toBe(`${line('gateway')}\n`);
  });

  it('pushes to IMAGE_REPO when set', () => {
    const { code, stdout } = run(['--dry-run'], { IMAGE_REPO: 'ghcr.io/someone/demo' });
    expect(code).toBe(0);
    expect(lines(stdout)).toEqual(SERVICE_NAMES.map((name) => line(name, 'ghcr.io/someone/demo')));
  });

  it('shell-quotes what needs it, so a printed line can be pasted back into a shell', () => {
    const repo = "registry.example.com/it's a/repo";
    const { stdout } = run(['--dry-run', 'instabook'], { IMAGE_REPO: repo });
    const reparsed = spawnSync(
      '/bin/bash',
      ['-c', 'eval "set -- $LINE"; printf "%s\\0" "$@"', 'reparse'],
      { env: { LINE: stdout.trim() }, encoding: 'utf8', timeout: 10_000 },
    );
    expect(reparsed.stdout.split('\0').slice(0, -1)).toEqual(argv('instabook', repo));
  });

  it('reads the version with sed when node is not on PATH', () => {
    // A PATH with only what the script needs besides node (bash for its shebang).
    const bin = mkdtempSync(join(scratch, 'no-node-'));
    for (const tool of ['bash', 'dirname', 'sed', 'head']) {
      const found = spawnSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
      symlinkSync(found.stdout.trim(), join(bin, tool));
    }
    const { code, stdout, stderr } = run(['--dry-run', 'gateway'], { PATH: bin });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(`${line('gateway')}\n`);
  });
});

describe('build-and-push.sh usage and errors', () => {
  it('--help prints the usage with every service and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout, stderr } = run([flag]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toMatch(/^Usage: \.\/build-and-push\.sh \[--dry-run\] \[service\]/);
      for (const name of SERVICE_NAMES) expect(stdout).toContain(name);
    }
  });

  it.each([
    ['an unknown service', ['--dry-run', 'frontend'], /unknown service: 'frontend'/],
    ['an empty service name', ['--dry-run', ''], /unknown service: ''/],
    ['too many arguments', ['--dry-run', 'gateway', 'instabook'], /too many arguments/],
    ['an unknown option', ['--dry-run', '--all'], /unknown option: --all/],
  ])('%s: exit 1, the reason and the usage on stderr, nothing on stdout', (_case, args, reason) => {
    const { code, stdout, stderr } = run(args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(reason);
    expect(stderr).toContain('Usage: ./build-and-push.sh');
  });
});

describe('build-and-push.sh for real, against a stub docker', () => {
  it('stops before any build when `docker buildx version` fails', () => {
    const docker = stubDocker(false);
    const { code, stdout, stderr } = run([], { PATH: `${docker.dir}:${environment().PATH}` });
    expect(code).not.toBe(0);
    expect(stderr).toContain("'docker buildx version' failed");
    expect(stderr).toContain('buildx');
    expect(stdout).toBe('');
    expect(docker.calls()).toEqual([['docker', 'buildx', 'version']]);
  });

  it('runs exactly the commands --dry-run prints, after checking buildx', () => {
    const docker = stubDocker(true);
    const { code, stdout, stderr } = run([], { PATH: `${docker.dir}:${environment().PATH}` });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(docker.calls()).toEqual([
      ['docker', 'buildx', 'version'],
      ...SERVICE_NAMES.map((name) => argv(name)),
    ]);
    expect(stdout).toContain(`+ ${line('gateway')}\n`);
    expect(lines(stdout).at(-1)).toBe(
      `Pushed 9 image(s) to ${DEFAULT_REPO}, tags <service>-${VERSION} and <service>-latest.`,
    );
  });

  it('stops at the first failing build', () => {
    const docker = stubDocker(true);
    // Make every build fail: append an exit after the recording line.
    const stub = join(docker.dir, 'docker');
    writeFileSync(stub, readFileSync(stub, 'utf8') + 'exit 3\n');
    const { code } = run([], { PATH: `${docker.dir}:${environment().PATH}` });
    expect(code).toBe(3);
    expect(docker.calls()).toEqual([['docker', 'buildx', 'version'], argv(SERVICE_NAMES[0])]);
  });
});
