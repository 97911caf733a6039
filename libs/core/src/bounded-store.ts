import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

export interface BoundedStoreOptions<V> {
  /** The most entries held; one more evicts the oldest. */
  max: number;
  /** Age in ms (whole, at least 2) at which an entry is gone; without it, only `max` bounds. */
  ttlMs?: number;
  /** The key a value is stored under. */
  keyOf: (value: V) => string;
}

/** Expired entries are served as absent at once; the sweep only gives their memory back. */
const MAX_SWEEP_INTERVAL_MS = 60_000;

/**
 * Values in memory, bounded in number and, with a TTL, in age, so a long-running demo cannot
 * grow without end (docs/API.md, "Bounded store" of checkout-service and instabook-cache).
 * The oldest is the least recently saved: saving a key again makes it the newest and restarts
 * its age, and reading never counts as use. Ages are measured on `Date.now()`, the clock of
 * every timestamp the services write, so Jest's fake timers control them in tests.
 * A store with a TTL sweeps its expired entries while the Nest module lives.
 */
export class BoundedStore<V extends object> implements OnModuleInit, OnModuleDestroy {
  private readonly entries: LRUCache<string, V>;
  private readonly keyOf: (value: V) => string;
  private readonly ttlMs?: number;
  private sweeper?: NodeJS.Timeout;

  constructor({ max, ttlMs, keyOf }: BoundedStoreOptions<V>) {
    if (ttlMs !== undefined && !(Number.isInteger(ttlMs) && ttlMs >= 2)) {
      throw new RangeError(`A store's TTL is a whole number of ms, at least 2: got ${ttlMs}`);
    }
    this.keyOf = keyOf;
    this.ttlMs = ttlMs;
    this.entries = new LRUCache<string, V>({
      max,
      // lru-cache counts an entry stale once its age exceeds `ttl`; ours is gone when its age
      // reaches `ttlMs`, and Date.now() counts whole ms
      ttl: ttlMs === undefined ? undefined : ttlMs - 1,
      // the sweep below purges; one timer per entry would cost more than the entries
      ttlAutopurge: false,
      allowStale: false,
      // read Date.now() at each check: no cached time, and whatever Date is at that moment
      ttlResolution: 0,
      perf: { now: () => Date.now() },
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Stores the value as the newest entry, replacing one under the same key. */
  save(value: V): void {
    this.entries.set(this.keyOf(value), value);
  }

  /** The value under `key`, or undefined when never saved, evicted or expired. */
  find(key: string): V | undefined {
    // peek, not get: a read must not move the entry away from eviction
    const value = this.entries.peek(key);
    // an expired entry is dropped at once (deleting an absent key does nothing)
    if (value === undefined) this.entries.delete(key);
    return value;
  }

  /** Drops every expired entry; returns how many went. */
  purgeExpired(): number {
    const before = this.entries.size;
    this.entries.purgeStale();
    return before - this.entries.size;
  }

  onModuleInit(): void {
    if (this.ttlMs === undefined) return;
    this.sweeper = setInterval(
      () => this.purgeExpired(),
      Math.min(this.ttlMs, MAX_SWEEP_INTERVAL_MS),
    );
    // the sweep must never be what keeps the process alive
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}
