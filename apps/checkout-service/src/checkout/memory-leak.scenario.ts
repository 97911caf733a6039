import { Injectable, Logger } from '@nestjs/common';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ScenarioHandle, ScenarioSwitchboard, numberParam } from '@app/core';

const MIB = 1024 * 1024;

/**
 * The leak is written into slabs of this size. glibc serves an allocation this large with
 * its own mmap (its dynamic mmap threshold stops at 32 MiB), so dropping a slab unmaps it
 * and RSS falls at once; freed 512 KiB buffers would stay in malloc's heap, and RSS would
 * not come down. A slab's pages count only once written: RSS grows by what a request adds.
 */
const SLAB_BYTES = 64 * MIB;

const PARAMS = {
  kb_per_request: numberParam({
    default: 512,
    min: 1,
    max: 16_384,
    integer: true,
    description: 'KiB that each checkout request keeps for good',
  }),
  // Above the 256 MiB container limit (docs/API.md), so that in a container the leak ends
  // in an OOM-kill, not a plateau; the cap keeps a laptop running `npm start` (no limit) safe.
  max_mb: numberParam({
    default: 1_024,
    min: 1,
    max: 8_192,
    integer: true,
    description: 'MiB at which the leak stops growing (above the container limit: OOM-kill)',
  }),
};

/**
 * `memory-leak` (docs/SCENARIOS.md): every checkout request retains `kb_per_request` KiB
 * that nothing ever frees, outside the V8 heap (filled Buffers, so the pages are really
 * touched): RSS climbs until the container's memory limit gets the process OOM-killed.
 * Heap garbage would not tell that story: V8's heap cap is half the container limit, so it
 * would end in a V8 "heap out of memory" crash instead. Switched off, the memory is dropped.
 */
@Injectable()
export class MemoryLeakScenario {
  private readonly logger = new Logger(MemoryLeakScenario.name);
  private readonly handle: ScenarioHandle<typeof PARAMS>;
  private slabs: Buffer[] = [];
  /** Bytes written into the last slab. */
  private slabUsed = SLAB_BYTES;
  private retained = 0;
  private capped = false;

  constructor(switchboard: ScenarioSwitchboard) {
    this.handle = switchboard.define({
      name: 'memory-leak',
      description:
        'Every checkout request keeps `kb_per_request` KiB outside the V8 heap, up to `max_mb` MiB: RSS climbs to the container limit (OOM-kill)',
      params: PARAMS,
      onSwitch: (enabled) => {
        if (!enabled) this.release();
      },
    });
  }

  /** Bytes held by the leak right now. */
  get retainedBytes(): number {
    return this.retained;
  }

  /** Called by every checkout request: keeps its share while the scenario is on. */
  retain(): void {
    if (!this.handle.enabled) return;
    const { kb_per_request: kb, max_mb: maxMb } = this.handle.params;
    const bytes = Math.min(kb * 1024, maxMb * MIB - this.retained);
    if (bytes <= 0) {
      if (!this.capped) {
        this.capped = true;
        this.logger.warn(`memory-leak holds its cap of ${maxMb} MiB and grows no further`);
      }
      return;
    }
    if (this.slabUsed + bytes > SLAB_BYTES) {
      this.slabs.push(Buffer.allocUnsafeSlow(SLAB_BYTES));
      this.slabUsed = 0;
    }
    this.slabs[this.slabs.length - 1].fill(0xa5, this.slabUsed, this.slabUsed + bytes);
    this.slabUsed += bytes;
    this.retained += bytes;
  }

  private release(): void {
    if (this.slabs.length === 0) return;
    this.slabs = [];
    this.slabUsed = SLAB_BYTES;
    this.retained = 0;
    this.capped = false;
    // Nothing else would collect the slabs soon: an idle service runs no full GC, and the
    // point of switching off is to see RSS fall. One full GC frees them (unmapped a few ms later).
    collectGarbage();
  }
}

let gc: (() => void) | undefined;

/** A full GC, without starting Node with --expose-gc: the flag is set for a new context only. */
function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
