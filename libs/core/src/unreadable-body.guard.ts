import {
  BadRequestException,
  CanActivate,
  ExecutionContext,
  Injectable,
  Type,
} from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import { ModuleRef } from '@nestjs/core';
import type { Request } from 'express';
import { invalidBodyMessageOf } from '@app/contracts';
import { UnreadableBody } from './unreadable-body';

/**
 * Answers a request whose body the parser could not use with 400, on every matched route.
 * Where the handler's DTO names one message for every bad body (`Invalid session data`),
 * that is the answer; otherwise the parser's reason.
 *
 * The route's own guards speak first (the cache answers a request without its token 401,
 * whatever its body). A global guard runs before them, so when — rarely — a body is
 * unreadable, this one asks the route's guards itself before refusing the body. A guard
 * rather than an interceptor because an interceptor puts every request of every route
 * through an Observable chain, which costs more than a small request's own work.
 */
@Injectable()
export class UnreadableBodyGuard implements CanActivate {
  constructor(private readonly moduleRef: ModuleRef) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const body: unknown = context.switchToHttp().getRequest<Request>().body;
    if (!(body instanceof UnreadableBody)) return true;
    for (const guard of this.routeGuards(context)) {
      // false becomes Nest's own 403, exactly as if the guard had run in its place
      if (!(await guard.canActivate(context))) return false;
    }
    throw new BadRequestException(routeBodyMessage(context) ?? body.reason);
  }

  private routeGuards(context: ExecutionContext): CanActivate[] {
    const bound = [
      ...((Reflect.getMetadata(GUARDS_METADATA, context.getClass()) as unknown[]) ?? []),
      ...((Reflect.getMetadata(GUARDS_METADATA, context.getHandler()) as unknown[]) ?? []),
    ];
    return bound.map((guard) =>
      typeof guard === 'function'
        ? this.moduleRef.get(guard as Type<CanActivate>, { strict: false })
        : (guard as CanActivate),
    );
  }
}

function routeBodyMessage(context: ExecutionContext): string | undefined {
  const parameterTypes = Reflect.getMetadata(
    'design:paramtypes',
    context.getClass().prototype as object,
    context.getHandler().name,
  ) as unknown[] | undefined;
  for (const type of parameterTypes ?? []) {
    const message = invalidBodyMessageOf(type);
    if (message) return message;
  }
  return undefined;
}
