import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, RunningProcess, waitFor } from '../support/processes';
import { spawn } from 'node:child_process';

/** One sample of an instant query: its labels and its value. */
export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export interface RunningPrometheus {
  url: string;
  query(expr: string): Promise<Sample[]>;
  labelValues(label: string, match: string): Promise<string[]>;
  stop(): Promise<void>;
}

interface ApiAnswer {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: unknown } | string[];
}

async function api(url: string): Promise<ApiAnswer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as ApiAnswer;
}

/** Debian's prometheus scraping `targets` (service name → port on 127.0.0.1). */
export async function startPrometheus(
  targets: Record<string, number>,
  scrapeInterval = '5s',
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-'));
  const [port] = await freePorts(1);
  const config = [
    'global:',
    `  scrape_interval: ${scrapeInterval}`,
    'scrape_configs:',
    ...Object.entries(targets).flatMap(([service, target]) => [
      `  - job_name: ${service}`,
      '    static_configs:',
      `      - targets: ['127.0.0.1:${target}']`,
      `        labels: { service: ${service} }`,
    ]),
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const running = new RunningProcess(
    spawn(
      '/usr/bin/prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor('prometheus ready', async () => (await fetch(`${url}/-/ready`)).ok, 30_000, 200);
  return {
    url,
    async query(expr) {
      const answer = await api(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      if (answer.status !== 'success' || !answer.data || Array.isArray(answer.data))
        throw new Error(`${expr}: ${answer.error ?? JSON.stringify(answer)}`);
      const { resultType, result } = answer.data;
      if (resultType === 'scalar')
        return [{ metric: {}, value: Number((result as [number, string])[1]) }];
      if (resultType !== 'vector') throw new Error(`${expr}: a ${resultType}, not a vector`);
      return (result as { metric: Record<string, string>; value: [number, string] }[]).map((s) => ({
        metric: s.metric,
        value: Number(s.value[1]),
      }));
    },
    async labelValues(label, match) {
      const answer = await api(
        `${url}/api/v1/label/${label}/values?match[]=${encodeURIComponent(match)}`,
      );
      if (answer.status !== 'success' || !Array.isArray(answer.data))
        throw new Error(`label ${label}: ${answer.error ?? JSON.stringify(answer)}`);
      return answer.data;
    },
    async stop() {
      running.signalGroup('SIGTERM');
      await Promise.race([running.exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
      await running.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
