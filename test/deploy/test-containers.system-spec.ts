import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/processes';
import { environment } from '@app/config';

/**
 * scripts/test-containers.sh up to its first container: how it finds a Docker engine. The
 * run itself (`npm run test:containers`) needs a real engine and ten minutes; here `docker`
 * and `docker-compose` are stubs on PATH, and an engine "answers" only once DOCKER_HOST is
 * the one the set-up script exports.
 */

const SCRIPT = join(ROOT, 'scripts', 'test-containers.sh');
const STUB_HOST = 'unix:///stub/docker.sock';

let scratch: string;
let bin: string;

function executable(path: string, lines: string[]): string {
  writeFileSync(path, `${lines.join('\n')}\n`);
  chmodSync(path, 0o755);
  return path;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'test-containers-spec-'));
  bin = mkdtempSync(join(scratch, 'bin-'));
  executable(join(bin, 'docker'), [
    '#!/bin/sh',
    `[ "$DOCKER_HOST" = '${STUB_HOST}' ] || exit 1`,
    'echo stub-engine',
  ]);
  // every compose call fails: the run stops at the build, after the engine is found
  executable(join(bin, 'docker-compose'), ['#!/bin/sh', 'exit 1']);
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function run(env: Record<string, string>) {
  const inherited = Object.fromEntries(
    Object.entries(environment()).filter(
      ([key]) => key !== 'DOCKER_HOST' && key !== 'CONTAINER_ENV_SCRIPT',
    ),
  );
  const result = spawnSync('bash', [SCRIPT], {
    cwd: scratch,
    env: { ...inherited, PATH: `${bin}:${environment().PATH}`, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, output: result.stdout + result.stderr };
}

describe('scripts/test-containers.sh without a Docker engine', () => {
  it('fails at once, telling the user to start an engine or set DOCKER_HOST / CONTAINER_ENV_SCRIPT', () => {
    const { code, output } = run({});
    expect(code).toBe(1);
    expect(output).toMatch(/FAILED: no Docker engine answers `docker info`: start a Docker engine/);
    expect(output).toContain('set DOCKER_HOST');
    expect(output).toContain('set CONTAINER_ENV_SCRIPT');
    expect(output).not.toContain('setting one up');
  });

  it('says so when CONTAINER_ENV_SCRIPT names no file', () => {
    const missing = join(scratch, 'missing.sh');
    const { code, output } = run({ CONTAINER_ENV_SCRIPT: missing });
    expect(code).toBe(1);
    expect(output).toContain(`(CONTAINER_ENV_SCRIPT=${missing} is not a file)`);
  });

  it('runs CONTAINER_ENV_SCRIPT and uses the engine its output points at', () => {
    const setup = executable(join(scratch, 'engine.sh'), [
      '#!/bin/sh',
      `echo "export DOCKER_HOST='${STUB_HOST}'"`,
    ]);
    const { code, output } = run({ CONTAINER_ENV_SCRIPT: setup });
    expect(output).toContain(`no Docker engine answers: setting one up with ${setup}`);
    expect(output).toMatch(/engine: stub-engine, compose: /);
    expect(output).not.toContain('still no Docker engine');
    // the stub compose cannot build: the run goes no further, and says so
    expect(code).toBe(1);
  });

  it('fails when the engine still does not answer after CONTAINER_ENV_SCRIPT', () => {
    const setup = executable(join(scratch, 'no-engine.sh'), ['#!/bin/sh', 'echo true']);
    const { code, output } = run({ CONTAINER_ENV_SCRIPT: setup });
    expect(code).toBe(1);
    expect(output).toContain(`still no Docker engine after ${setup}`);
  });
});
