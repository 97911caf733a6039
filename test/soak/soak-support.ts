import { readFile } from 'node:fs/promises';
import { environment } from '@app/config';
import type { HttpOutcome } from '../support/http-request';

/** What a run of `count` requests came to. */
export interface LoadResult {
  /** Requests answered 2xx. */
  ok: number;
  /** Requests answered otherwise, or not at all. */
  failed: number;
  /** The first few failures, as `#index status body` or `#index error`. */
  firstFailures: string[];
  durationMs: number;
  /** The deadline passed before every request was sent. */
  timedOut: boolean;
}

export interface LoadOptions {
  count: number;
  /** Requests in flight at once: one worker each, every one on its own pooled socket. */
  concurrency: number;
  /** No request is sent after this time (Date.now()); the run then ends `timedOut`. */
  deadline: number;
  send(index: number): Promise<HttpOutcome>;
  /** Called in the order the answers arrive, with that order's position. */
  onAnswer?(index: number, outcome: HttpOutcome, position: number): void;
}

const FAILURES_KEPT = 5;

export function isOk(outcome: HttpOutcome): boolean {
  return outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
}

/** Sends requests 0…count-1 with `concurrency` of them in flight, and counts the answers. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = {
    ok: 0,
    failed: 0,
    firstFailures: [],
    durationMs: 0,
    timedOut: false,
  };
  const started = Date.now();
  let next = 0;
  let answered = 0;
  const worker = async () => {
    while (next < options.count) {
      if (Date.now() > options.deadline) {
        result.timedOut = true;
        return;
      }
      const index = next++;
      const outcome = await options.send(index);
      options.onAnswer?.(index, outcome, answered++);
      if (isOk(outcome)) {
        result.ok += 1;
      } else {
        result.failed += 1;
        if (result.firstFailures.length < FAILURES_KEPT) {
          result.firstFailures.push(
            `#${index} ${outcome.error ?? `${outcome.status} ${outcome.body?.slice(0, 200)}`}`,
          );
        }
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  result.durationMs = Date.now() - started;
  return result;
}

/** A process's resident set in bytes, as the kernel counts it (what the OOM killer weighs). */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Samples a process's RSS from outside it, every `intervalMs`, keeping the highest. */
export class RssSampler {
  max = 0;
  samples = 0;
  private timer?: NodeJS.Timeout;
  private lastError?: unknown;

  constructor(private readonly pid: number) {}

  async start(intervalMs = 1_000): Promise<void> {
    await this.sample();
    this.timer = setInterval(() => void this.sample(), intervalMs);
  }

  /** Takes one last sample and stops; fails if the process could never be read. */
  async stop(): Promise<number> {
    clearInterval(this.timer);
    await this.sample();
    if (this.samples === 0) throw new Error(`could not sample RSS: ${String(this.lastError)}`);
    return this.max;
  }

  /** Stops without a last sample, as a failed test's clean-up. */
  cancel(): void {
    clearInterval(this.timer);
  }

  private async sample(): Promise<void> {
    try {
      this.max = Math.max(this.max, await residentBytes(this.pid));
      this.samples += 1;
    } catch (error) {
      this.lastError = error;
    }
  }
}

/** A count from the environment (`1000000`, `1_000_000` and `1e6` alike), else the default. */
export function countFromEnv(name: string, fallback: number): number {
  const raw = environment()[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

/** Decimal megabytes: the budget is 200 MB = 200,000,000 bytes, the stricter reading. */
export const MB = 1_000_000;

export function megabytes(bytes: number): string {
  return (bytes / MB).toFixed(1);
}
