import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { invalidBodyMessageOf } from '@app/contracts';
import { UnreadableBody } from './unreadable-body';

/**
 * Answers a request whose body the parser could not use with 400, on every matched route
 * and after the guards (so the cache still says 401 first). Where the handler's DTO names
 * one message for every bad body (`Invalid session data`), that is the answer; otherwise
 * the parser's reason.
 */
@Injectable()
export class UnreadableBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body: unknown = context.switchToHttp().getRequest<Request>().body;
    if (body instanceof UnreadableBody) {
      throw new BadRequestException(contractMessage(context) ?? body.reason);
    }
    return next.handle();
  }
}

function contractMessage(context: ExecutionContext): string | undefined {
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
