import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import { bearerToken, tokensMatch } from '@app/auth';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';

export const ADMIN_TOKEN_MESSAGES = {
  missing: 'Admin token required',
  invalid: 'Invalid admin token',
} as const;

/**
 * The admin routes (scenario switches, the cache's token toggle) are open by default, as a
 * demo on a laptop wants; with `ADMIN_TOKEN` set they need it as a Bearer token.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.adminToken;
    if (expected === undefined) return true;
    const header = context.switchToHttp().getRequest<Request>().header('authorization');
    if (header === undefined) throw new UnauthorizedException(ADMIN_TOKEN_MESSAGES.missing);
    const token = bearerToken(header);
    if (token === undefined || !tokensMatch(token, expected)) {
      throw new UnauthorizedException(ADMIN_TOKEN_MESSAGES.invalid);
    }
    return true;
  }
}
