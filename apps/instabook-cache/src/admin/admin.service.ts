import { Injectable, Logger } from '@nestjs/common';
import { AUTH_MESSAGES, TokenAuthState } from '@app/auth';

export interface TokenAuthStatus {
  enabled: boolean;
}

@Injectable()
export class AdminService {
  private readonly logger = new Logger(AdminService.name);

  constructor(private readonly tokenAuth: TokenAuthState) {}

  tokenAuthStatus(): TokenAuthStatus {
    return { enabled: this.tokenAuth.isEnabled };
  }

  /** Flips token auth; switching it off is the demo's staged outage, so it is logged loudly. */
  toggleTokenAuth(): TokenAuthStatus {
    const enabled = this.tokenAuth.toggle();
    if (enabled) {
      this.logger.log(
        'API token authentication enabled: /cache calls with a valid token succeed again',
      );
    } else {
      this.logger.warn(
        `API token authentication disabled: every /cache call will now be refused with 401 "${AUTH_MESSAGES.disabled}"`,
      );
    }
    return { enabled };
  }
}
