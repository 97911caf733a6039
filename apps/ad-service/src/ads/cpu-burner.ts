import { Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import type { Gauge } from 'prom-client';
import { InjectMetric, makeGaugeProvider } from '@app/metrics';

/** Worker threads burning CPU right now (docs/METRICS.md#ad-service-metrics). */
export const CPU_WORKERS_METRIC = 'ad_service_cpu_workers';

export const cpuWorkersGauge = makeGaugeProvider({
  name: CPU_WORKERS_METRIC,
  help: 'Worker threads of ad-service burning CPU (scenario ad-high-cpu)',
});

/** At most this many burn at once, whatever the request rate: two cores' worth. */
export const MAX_CPU_WORKERS = 2;

/**
 * The worker's whole program, evaluated from this string rather than loaded from a file, so
 * that it runs alike from dist/, from `nest start` and from an esbuild bundle. It spins in
 * short slices until `seconds` have passed (0: until terminated).
 */
const BURN = `
const { workerData } = require('node:worker_threads');
const end = workerData.seconds > 0 ? Date.now() + workerData.seconds * 1000 : Infinity;
let sink = 0;
while (Date.now() < end) {
  for (let i = 0; i < 100000; i++) sink += Math.sqrt(i);
}
`;

/** Busy worker threads: the process's CPU climbs while its event loop stays free. */
@Injectable()
export class CpuBurner implements OnModuleDestroy {
  private readonly logger = new Logger(CpuBurner.name);
  private readonly workers = new Set<Worker>();

  /** The gauge is optional so that unit tests can build the burner on its own. */
  constructor(@Optional() @InjectMetric(CPU_WORKERS_METRIC) private readonly gauge?: Gauge) {
    this.gauge?.set(0);
  }

  get running(): number {
    return this.workers.size;
  }

  /** Starts a worker burning for `seconds` (0: until stopped); false when the cap is reached. */
  start(seconds: number): boolean {
    if (this.workers.size >= MAX_CPU_WORKERS) return false;
    const worker = new Worker(BURN, { eval: true, workerData: { seconds } });
    // never what keeps the process alive: shutdown does not wait for a burn to end
    worker.unref();
    this.workers.add(worker);
    this.gauge?.set(this.workers.size);
    worker.on('error', (error) => this.logger.error(`CPU worker failed: ${error.message}`));
    worker.on('exit', () => {
      this.workers.delete(worker);
      this.gauge?.set(this.workers.size);
    });
    this.logger.log(
      { workers: this.workers.size, seconds },
      `Started a CPU worker (${this.workers.size} of ${MAX_CPU_WORKERS})`,
    );
    return true;
  }

  /** Terminates every worker; resolves once they have all exited. */
  async stopAll(): Promise<void> {
    const stopping = [...this.workers];
    await Promise.all(stopping.map((worker) => worker.terminate()));
    for (const worker of stopping) this.workers.delete(worker);
    this.gauge?.set(this.workers.size);
  }

  onModuleDestroy(): Promise<void> {
    return this.stopAll();
  }
}
