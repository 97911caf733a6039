import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Session } from '@app/contracts';
import { BoundedStore } from '@app/core';
import { instabookCacheConfig } from '../config/instabook-cache.config';

/**
 * Sessions in memory, bounded in size (the oldest is evicted first) and in age (an entry
 * older than the TTL is gone), so a long-running demo cannot grow the cache forever.
 * A re-posted id is the newest again, its age restarted.
 */
@Injectable()
export class SessionStore extends BoundedStore<Session> {
  constructor(@Inject(instabookCacheConfig.KEY) config: ConfigType<typeof instabookCacheConfig>) {
    super({
      max: config.sessionStoreMax,
      ttlMs: config.sessionTtlSeconds * 1000,
      keyOf: (session) => session.id,
    });
  }
}
