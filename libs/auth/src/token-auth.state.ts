import { Injectable } from '@nestjs/common';

/**
 * Whether the cache accepts token-authenticated calls at all. The admin page flips it to
 * stage the demo's failure: with it off, every /cache call is refused.
 */
@Injectable()
export class TokenAuthState {
  private enabled = true;

  get isEnabled(): boolean {
    return this.enabled;
  }

  toggle(): boolean {
    this.enabled = !this.enabled;
    return this.enabled;
  }
}
