import { Injectable, Optional } from '@nestjs/common';
import type { Gauge } from 'prom-client';
import { InjectMetric } from '@app/metrics';
import { TOKEN_AUTH_ENABLED_METRIC } from './auth.metrics';

/**
 * Whether the cache accepts token-authenticated calls at all. The admin page (or scenario
 * cache-token-auth) switches it off to stage the demo's failure: every /cache call is refused.
 */
@Injectable()
export class TokenAuthState {
  private enabled = true;

  /** The gauge is optional so that unit tests can build the state on its own. */
  constructor(@Optional() @InjectMetric(TOKEN_AUTH_ENABLED_METRIC) private readonly gauge?: Gauge) {
    this.gauge?.set(1);
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  set(enabled: boolean): void {
    this.enabled = enabled;
    this.gauge?.set(enabled ? 1 : 0);
  }
}
