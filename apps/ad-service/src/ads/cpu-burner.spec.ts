import { waitFor } from '@app/testing';
import { CpuBurner, MAX_CPU_WORKERS } from './cpu-burner';

describe('CpuBurner', () => {
  let burner: CpuBurner;

  beforeEach(() => {
    burner = new CpuBurner();
  });

  afterEach(() => burner.stopAll());

  // the CPU they burn is measured through /metrics in apps/ad-service/test/ad-high-cpu.e2e-spec.ts
  it('runs at most two workers at once, until stopped', async () => {
    expect(burner.start(0)).toBe(true);
    expect(burner.start(0)).toBe(true);
    expect(burner.start(0)).toBe(false);
    expect(burner.running).toBe(MAX_CPU_WORKERS);
    await burner.stopAll();
    expect(burner.running).toBe(0);
    expect(burner.start(0)).toBe(true);
  });

  it('ends a worker by itself after its seconds, freeing its place', async () => {
    expect(burner.start(1)).toBe(true);
    const started = Date.now();
    await waitFor('the worker to end', () => burner.running === 0, 5_000, 20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(burner.start(1)).toBe(true);
  });
});
