import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import type { Counter } from 'prom-client';
import { instabookTokenConfig } from './instabook-token.config';
import { InjectMetric } from '@app/metrics';
import { AUTH_FAILURES_METRIC, AUTH_FAILURE_REASONS } from './auth.metrics';
import { AUTH_MESSAGES } from './auth.messages';
import { bearerToken, tokensMatch } from './token-compare';
import { TokenAuthState } from './token-auth.state';

/**
 * The cache's gate, checked in the order docs/API.md#instabook-cache gives: auth switched
 * off, no header, malformed header, wrong token. Each refusal is a 401 with its own message.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(
    private readonly state: TokenAuthState,
    @Inject(instabookTokenConfig.KEY)
    private readonly config: ConfigType<typeof instabookTokenConfig>,
    @Optional()
    @InjectMetric(AUTH_FAILURES_METRIC)
    private readonly failures?: Counter<'reason'>,
  ) {
    // every reason from the start, so a dashboard reads 0 rather than no data
    for (const reason of Object.values(AUTH_FAILURE_REASONS)) failures?.inc({ reason }, 0);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.state.isEnabled) this.refuse('disabled');
    const header = context.switchToHttp().getRequest<Request>().header('authorization');
    if (header === undefined) this.refuse('missingHeader');
    const token = bearerToken(header);
    if (token === undefined) this.refuse('badFormat');
    if (!tokensMatch(token, this.config.token)) this.refuse('badToken');
    return true;
  }

  private refuse(why: keyof typeof AUTH_MESSAGES): never {
    this.failures?.inc({ reason: AUTH_FAILURE_REASONS[why] });
    throw new UnauthorizedException(AUTH_MESSAGES[why]);
  }
}
