import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { instabookCacheConfig } from '../config/instabook-cache.config';
import type { Session } from '@app/contracts';
import { Clock } from './clock';

interface Entry {
  session: Session;
  storedAt: number;
}

/** Expired entries are served as absent at once; the sweep only gives their memory back. */
const MAX_SWEEP_INTERVAL_MS = 60_000;

/**
 * Sessions in memory, bounded in size (the oldest is evicted first) and in age (an entry
 * older than the TTL is gone), so a long-running demo cannot grow the cache forever.
 * The Map's insertion order is the age order: a re-posted id moves to the newest end.
 */
@Injectable()
export class SessionStore implements OnModuleInit, OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private sweeper?: NodeJS.Timeout;

  constructor(
    @Inject(instabookCacheConfig.KEY) config: ConfigType<typeof instabookCacheConfig>,
    private readonly clock: Clock,
  ) {
    this.ttlMs = config.sessionTtlSeconds * 1000;
    this.maxEntries = config.sessionStoreMax;
  }

  get size(): number {
    return this.entries.size;
  }

  save(session: Session): void {
    this.entries.delete(session.id);
    this.entries.set(session.id, { session, storedAt: this.clock.now() });
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(id);
    }
  }

  find(id: string): Session | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    if (this.isExpired(entry, this.clock.now())) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.session;
  }

  /** Drops every expired entry; returns how many went. */
  purgeExpired(): number {
    const now = this.clock.now();
    let purged = 0;
    for (const [id, entry] of this.entries) {
      if (!this.isExpired(entry, now)) break;
      this.entries.delete(id);
      purged += 1;
    }
    return purged;
  }

  onModuleInit(): void {
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

  private isExpired(entry: Entry, now: number): boolean {
    return now - entry.storedAt >= this.ttlMs;
  }
}
