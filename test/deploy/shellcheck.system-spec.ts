import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/processes';
import { systemTool } from '../support/system-tools';

/**
 * Every shell script of the repository passes Debian's ShellCheck with no finding at any
 * severity. Scripts are found, not listed, so a new one is checked from the day it appears,
 * even before it is committed.
 */

function git(args: string[]): string[] {
  const result = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  if (result.error || result.status !== 0) {
    throw new Error(
      `git ${args.join(' ')} failed (${result.error?.message ?? result.stderr}); ` +
        'this test lists the scripts from a git checkout',
    );
  }
  return result.stdout.split('\0').filter(Boolean);
}

/** True when the file starts with a sh/bash shebang (scripts without the .sh suffix, like .ci/run). */
function hasShellShebang(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(join(ROOT, file), 'r');
    const head = Buffer.alloc(64);
    const length = readSync(fd, head, 0, head.length, 0);
    return /^#!\s*\/(?:usr\/)?bin\/(?:env\s+)?(?:ba|da)?sh\b/.test(
      head.subarray(0, length).toString('utf8'),
    );
  } catch {
    // A tracked file deleted in the working tree: nothing to check.
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function shellScripts(): string[] {
  // Tracked files plus untracked ones git does not ignore (node_modules, dist stay out).
  const files = [
    ...git(['ls-files', '-z']),
    ...git(['ls-files', '-z', '--others', '--exclude-standard']),
  ];
  return [...new Set(files)].filter((file) => file.endsWith('.sh') || hasShellShebang(file)).sort();
}

describe('shellcheck', () => {
  const scripts = shellScripts();

  it('finds the scripts we know of (so an empty list cannot pass silently)', () => {
    expect(scripts).toEqual(expect.arrayContaining(['.ci/run', 'build-and-push.sh']));
  });

  it('reports nothing for any of them', () => {
    const result = spawnSync(
      systemTool('shellcheck'),
      // -x follows `source`d files; gcc format gives one "file:line:col: message" per finding.
      ['--external-sources', '--format=gcc', ...scripts],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    if (result.error) {
      throw new Error(
        `shellcheck could not run (${result.error.message}); \`node scripts/setup-tools.mjs\` finds or installs it`,
      );
    }
    // The script list rides along so a failure shows what was checked.
    expect({ findings: result.stdout, errors: result.stderr, scripts }).toEqual({
      findings: '',
      errors: '',
      scripts,
    });
    expect(result.status).toBe(0);
  });
});
