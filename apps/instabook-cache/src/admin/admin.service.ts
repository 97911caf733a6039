import { Injectable, Logger } from '@nestjs/common';
import { AUTH_MESSAGES, TokenAuthState } from '@app/auth';
import { ScenarioSwitchboard } from '@app/core';

export interface TokenAuthStatus {
  enabled: boolean;
}

/** The token story as a scenario: on ⇔ token auth off (docs/SCENARIOS.md). */
export const TOKEN_SCENARIO = 'cache-token-auth';

@Injectable()
export class AdminService {
  private readonly logger = new Logger(AdminService.name);

  constructor(
    private readonly tokenAuth: TokenAuthState,
    private readonly switchboard: ScenarioSwitchboard,
  ) {
    // the one switch: the page's toggle goes through the switchboard too, so the scenario's
    // log line and gauge follow every change, whichever way it was made
    switchboard.define({
      name: TOKEN_SCENARIO,
      params: {},
      description:
        'Token auth switched off: every /cache call is refused with 401, which instabook answers with 500 (the same switch as the /admin page)',
      isEnabled: () => !this.tokenAuth.isEnabled,
      onSwitch: (enabled) => this.setTokenAuth(!enabled),
    });
  }

  tokenAuthStatus(): TokenAuthStatus {
    return { enabled: this.tokenAuth.isEnabled };
  }

  /** Flips token auth, as scenario cache-token-auth: on when auth goes off. */
  toggleTokenAuth(): TokenAuthStatus {
    this.switchboard.set(TOKEN_SCENARIO, this.tokenAuth.isEnabled);
    return this.tokenAuthStatus();
  }

  /** Switching it off is the demo's staged outage, so it is logged loudly. */
  private setTokenAuth(enabled: boolean): void {
    if (enabled === this.tokenAuth.isEnabled) return;
    this.tokenAuth.set(enabled);
    if (enabled) {
      this.logger.log(
        'API token authentication enabled: /cache calls with a valid token succeed again',
      );
    } else {
      this.logger.warn(
        `API token authentication disabled: every /cache call will now be refused with 401 "${AUTH_MESSAGES.disabled}"`,
      );
    }
  }
}
