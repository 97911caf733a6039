import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import { instabookTokenConfig } from '@app/config';
import { AUTH_MESSAGES } from './auth.messages';
import { bearerToken, tokensMatch } from './token-compare';
import { TokenAuthState } from './token-auth.state';

/**
 * The cache's gate, checked in the contract's order: auth switched off, no header,
 * malformed header, wrong token. Each refusal is a 401 with its own message.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(
    private readonly state: TokenAuthState,
    @Inject(instabookTokenConfig.KEY)
    private readonly config: ConfigType<typeof instabookTokenConfig>,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.state.isEnabled) throw new UnauthorizedException(AUTH_MESSAGES.disabled);
    const header = context.switchToHttp().getRequest<Request>().header('authorization');
    if (header === undefined) throw new UnauthorizedException(AUTH_MESSAGES.missingHeader);
    const token = bearerToken(header);
    if (token === undefined) throw new UnauthorizedException(AUTH_MESSAGES.badFormat);
    if (!tokensMatch(token, this.config.token))
      throw new UnauthorizedException(AUTH_MESSAGES.badToken);
    return true;
  }
}
