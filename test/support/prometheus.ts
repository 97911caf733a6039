import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceName } from '@app/config';
import { TargetGroup, localTargets, writeLocalConfig } from '../../scripts/prometheus-config';
import { ROOT, RunningProcess, freePorts, waitFor } from './processes';
import { systemTool } from './system-tools';

/** One series of an instant query: its labels and its value (a string, as the API sends it). */
export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/** One series of a range query. */
export interface RangeSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

/** `data` of /api/v1/query or /api/v1/query_range. */
export type QueryData =
  | { resultType: 'vector'; result: Sample[] }
  | { resultType: 'matrix'; result: RangeSeries[] }
  | { resultType: 'scalar' | 'string'; result: [number, string] };

export interface ActiveTarget {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

export interface StartPrometheusOptions {
  /**
   * What to scrape: file_sd target groups (see `localTargets`) or a service → port map, which
   * becomes the targets of `npm run observe` for those ports (only the services named).
   */
  targets: TargetGroup[] | Partial<Record<ServiceName, number>>;
  /** The repository whose docker/prometheus/ is used (default: this checkout). */
  root?: string;
  /** Give up on /-/ready after this long. */
  readyTimeoutMs?: number;
}

const STOP_TIMEOUT_MS = 10_000;
const API_TIMEOUT_MS = 10_000;

/**
 * Debian's Prometheus (found by scripts/setup-tools.mjs) running the shipped config
 * (docker/prometheus/prometheus.yml and its rules) against the targets given, on a free port
 * of 127.0.0.1, with its TSDB in a temporary folder that `stop()` removes.
 *
 *   const prometheus = await Prometheus.start({ targets: demo.ports });
 *   await prometheus.query('up');   // [{ metric: { service: 'gateway', ... }, value: [t, '1'] }, ...]
 *   await prometheus.stop();
 */
export class Prometheus {
  private constructor(
    readonly process: RunningProcess,
    readonly port: number,
    /** The temporary folder: config/ (prometheus.yml, rules/, targets/local.json) and data/. */
    readonly dir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start({
    targets,
    root = ROOT,
    readyTimeoutMs = 30_000,
  }: StartPrometheusOptions): Promise<Prometheus> {
    const groups = Array.isArray(targets)
      ? targets
      : localTargets(targets, Object.keys(targets) as ServiceName[]);
    const dir = mkdtempSync(join(tmpdir(), 'prometheus-'));
    const config = writeLocalConfig(root, join(dir, 'config'), groups);
    const [port] = await freePorts(1);
    const running = new RunningProcess(
      spawn(
        systemTool('prometheus'),
        [
          `--config.file=${config}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--storage.tsdb.retention.time=1h',
          '--log.level=warn',
        ],
        { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    const prometheus = new Prometheus(running, port, dir);
    try {
      await waitFor(
        `Prometheus on port ${port} to be ready`,
        async () => {
          if (!running.groupAlive()) throw new Error('Prometheus exited');
          const res = await fetch(`${prometheus.url}/-/ready`, {
            signal: AbortSignal.timeout(2_000),
          });
          return res.ok;
        },
        readyTimeoutMs,
        100,
      );
    } catch (error) {
      const output = running.output();
      await prometheus.stop();
      throw new Error(`${String(error)}\n${output}`);
    }
    return prometheus;
  }

  /** GET /api/v1/<path>; throws with Prometheus's own error for a bad query. */
  async api<T>(path: string, params: Record<string, string> = {}): Promise<T> {
    const url = `${this.url}/api/v1/${path}?${new URLSearchParams(params).toString()}`;
    const res = await fetch(url, { signal: AbortSignal.timeout(API_TIMEOUT_MS) });
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') {
      throw new Error(`Prometheus ${path} ${JSON.stringify(params)}: ${body.error ?? res.status}`);
    }
    return body.data;
  }

  /** An instant query's data, evaluated now (or at `time`, Unix seconds). */
  query(promql: string, time?: number): Promise<QueryData> {
    return this.api<QueryData>('query', {
      query: promql,
      ...(time === undefined ? {} : { time: String(time) }),
    });
  }

  /** The series of an instant query that must return a vector. */
  async vector(promql: string): Promise<Sample[]> {
    const data = await this.query(promql);
    if (data.resultType !== 'vector') {
      throw new Error(`${promql} returned a ${data.resultType}, not a vector`);
    }
    return data.result;
  }

  /** A range query over the last `seconds`, one point per `step` seconds. */
  queryRange(promql: string, seconds: number, step = 5): Promise<QueryData> {
    const end = Date.now() / 1000;
    return this.api<QueryData>('query_range', {
      query: promql,
      start: String(end - seconds),
      end: String(end),
      step: String(step),
    });
  }

  /** The scrape targets Prometheus knows, with their health and labels. */
  async targets(): Promise<ActiveTarget[]> {
    return (await this.api<{ activeTargets: ActiveTarget[] }>('targets', { state: 'active' }))
      .activeTargets;
  }

  /** Alerts currently pending or firing. */
  async alerts(): Promise<{ labels: Record<string, string>; state: string }[]> {
    return (
      await this.api<{ alerts: { labels: Record<string, string>; state: string }[] }>('alerts')
    ).alerts;
  }

  /** SIGTERM (SIGKILL after 10 s), then removes the temporary folder. */
  async stop(): Promise<void> {
    if (this.process.groupAlive()) {
      this.process.signalGroup('SIGTERM');
      const timer = new Promise<'timeout'>((resolve) =>
        setTimeout(resolve, STOP_TIMEOUT_MS, 'timeout').unref(),
      );
      if ((await Promise.race([this.process.exited, timer])) === 'timeout') {
        await this.process.kill();
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
