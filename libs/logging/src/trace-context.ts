import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';

/** W3C trace context of the unit of work in progress (a request, or one load-generator flow). */
export interface TraceContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly sampled: boolean;
  readonly requestId: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
const REQUEST_ID = /^[\w.:-]{1,128}$/;

const storage = new AsyncLocalStorage<TraceContext>();

export function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

/**
 * Continues the caller's trace when it sent a valid `traceparent`, otherwise starts one:
 * this service is then the edge. Either way this hop gets a span id of its own.
 */
export function traceContextFrom(traceparent?: string, requestId?: string): TraceContext {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim().toLowerCase()) : null;
  const valid = match && match[1] !== 'ff' && match[2] !== ZERO_TRACE && match[3] !== ZERO_SPAN;
  return {
    traceId: valid ? match[2] : randomBytes(16).toString('hex'),
    spanId: newSpanId(),
    sampled: valid ? (parseInt(match[4], 16) & 1) === 1 : true,
    requestId: requestId && REQUEST_ID.test(requestId) ? requestId : randomUUID(),
  };
}

export function toTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.sampled ? '01' : '00'}`;
}

export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

export function runWithTrace<T>(context: TraceContext, work: () => T): T {
  return storage.run(context, work);
}

/** Headers that carry the current trace and request id to a downstream service. */
export function propagationHeaders(): Record<string, string> {
  const context = currentTrace();
  return context ? { traceparent: toTraceparent(context), 'x-request-id': context.requestId } : {};
}
