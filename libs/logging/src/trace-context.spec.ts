import {
  currentTrace,
  propagationHeaders,
  runWithTrace,
  toTraceparent,
  traceContextFrom,
} from './trace-context';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('trace context', () => {
  it('continues a valid incoming trace with a span of its own', () => {
    const context = traceContextFrom(`00-${TRACE}-00f067aa0ba902b7-01`, 'req-1');
    expect(context.traceId).toBe(TRACE);
    expect(context.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(context.spanId).not.toBe('00f067aa0ba902b7');
    expect(context.sampled).toBe(true);
    expect(context.requestId).toBe('req-1');
  });

  it.each([
    undefined,
    'garbage',
    `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
    `00-${TRACE}-${'0'.repeat(16)}-01`,
    `ff-${TRACE}-00f067aa0ba902b7-01`,
  ])('starts a new trace when traceparent is %p', (traceparent) => {
    const context = traceContextFrom(traceparent);
    expect(context.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(context.traceId).not.toBe(TRACE);
    expect(context.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses request ids that could forge log lines', () => {
    expect(traceContextFrom(undefined, 'a\nb').requestId).not.toContain('\n');
  });

  it('propagates the current trace only inside runWithTrace', () => {
    expect(propagationHeaders()).toEqual({});
    const context = traceContextFrom(`00-${TRACE}-00f067aa0ba902b7-00`, 'req-2');
    runWithTrace(context, () => {
      expect(currentTrace()).toBe(context);
      expect(propagationHeaders()).toEqual({
        traceparent: `00-${TRACE}-${context.spanId}-00`,
        'x-request-id': 'req-2',
      });
    });
    expect(toTraceparent(context)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });
});
