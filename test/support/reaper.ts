import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/** True while any process of the group `pgid` is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The reaper: a shell that reads `+<pgid>` / `-<pgid>` lines until end of file, then SIGKILLs
 * every group still listed. (dash's `kill` takes `-<pgid>` after the signal, not `-- -<pgid>`.)
 */
const REAPER_SCRIPT = `
trap '' INT TERM HUP
live=''
while read -r line; do
  case "$line" in
    +*) live="$live \${line#+}" ;;
    -*) keep=''; for id in $live; do [ "$id" = "\${line#-}" ] || keep="$keep $id"; done; live=$keep ;;
  esac
done
for id in $live; do kill -KILL "-$id" 2>/dev/null; done
`;

/**
 * Kills the process groups the tests started if the test run dies before it could. They are
 * detached (groups of their own, so that a test can signal one as a whole), so the Ctrl-C that
 * stops `npm test` never reaches them: they kept running for good, holding ports and memory.
 *
 * The reaper is a shell in a group of its own that reads what we register from a pipe we hold.
 * The pipe's end of file comes however this process ends (Ctrl-C, SIGKILL, a crash), and then
 * the shell SIGKILLs every group still registered. A group is released once it is gone, so a
 * recycled process id is never killed; while none is registered there is no shell.
 */
export class GroupReaper {
  private readonly groups = new Set<number>();
  private pipe?: Socket;

  register(pgid: number): void {
    if (!this.pipe) {
      const shell = spawn('sh', ['-c', REAPER_SCRIPT], {
        detached: true,
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      shell.unref();
      this.pipe = shell.stdin as Socket;
      // neither the shell nor its pipe may keep the test run alive
      this.pipe.unref();
      this.pipe.on('error', () => undefined);
    }
    this.groups.add(pgid);
    this.pipe.write(`+${pgid}\n`);
  }

  release(pgid: number): void {
    if (!this.groups.delete(pgid) || !this.pipe) return;
    if (this.groups.size > 0) {
      this.pipe.write(`-${pgid}\n`);
      return;
    }
    // nothing left to reap: the shell ends without killing anything
    this.pipe.end(`-${pgid}\n`);
    this.pipe = undefined;
  }

  /** Closes our end of the pipe as this process's death would, releasing nothing (tests). */
  abandon(): void {
    this.pipe?.destroy();
    this.pipe = undefined;
    this.groups.clear();
  }
}
