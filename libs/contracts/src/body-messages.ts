import 'reflect-metadata';

const EMPTY_BODY_MESSAGE = Symbol('EMPTY_BODY_MESSAGE');
const INVALID_BODY_MESSAGE = Symbol('INVALID_BODY_MESSAGE');

/** The route's answer when this body is absent or `{}` (checked before any field rule). */
export function EmptyBodyMessage(message: string): ClassDecorator {
  return (target) => Reflect.defineMetadata(EMPTY_BODY_MESSAGE, message, target);
}

/** One message for every way this body can be wrong, where the route documents only one. */
export function InvalidBodyMessage(message: string): ClassDecorator {
  return (target) => Reflect.defineMetadata(INVALID_BODY_MESSAGE, message, target);
}

export function emptyBodyMessageOf(target: unknown): string | undefined {
  return typeof target === 'function'
    ? (Reflect.getMetadata(EMPTY_BODY_MESSAGE, target) as string | undefined)
    : undefined;
}

export function invalidBodyMessageOf(target: unknown): string | undefined {
  return typeof target === 'function'
    ? (Reflect.getMetadata(INVALID_BODY_MESSAGE, target) as string | undefined)
    : undefined;
}
