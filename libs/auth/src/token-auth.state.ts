import { Injectable, Optional } from '@nestjs/common';
import type { Gauge } from 'prom-client';
import { InjectMetric } from '@app/metrics';
import { TOKEN_AUTH_ENABLED_METRIC } from './auth.metrics';

/**
 * Whether the cache accepts token-authenticated calls at all. The admin page flips it to
 * stage the demo's failure: with it off, every /cache call is refused.
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

  toggle(): boolean {
    this.enabled = !this.enabled;
    this.gauge?.set(this.enabled ? 1 : 0);
    return this.enabled;
  }
}
