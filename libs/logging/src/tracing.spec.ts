import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import {
  currentRequestId,
  inRootSpan,
  logCorrelation,
  propagationHeaders,
  requestIdFrom,
  startTracing,
  tracer,
  withRequestId,
} from './tracing';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('tracing', () => {
  beforeAll(() => startTracing('tracing-spec', {}));

  it('exports nothing without an endpoint, yet spans carry real ids', () => {
    expect(startTracing('tracing-spec', {}).endpoint).toBeUndefined();
    const span = tracer().startSpan('work');
    expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(trace.isSpanContextValid(span.spanContext())).toBe(true);
    span.end();
  });

  it('continues an incoming traceparent with a span of its own and passes it on', () => {
    const parent = propagation.extract(ROOT_CONTEXT, {
      traceparent: `00-${TRACE}-00f067aa0ba902b7-01`,
    });
    const span = tracer().startSpan('server', {}, parent);
    context.with(withRequestId(trace.setSpan(parent, span), 'req-1'), () => {
      const { trace_id, span_id, request_id } = logCorrelation();
      expect(trace_id).toBe(TRACE);
      expect(span_id).toMatch(/^[0-9a-f]{16}$/);
      expect(span_id).not.toBe('00f067aa0ba902b7');
      expect(request_id).toBe('req-1');
      expect(propagationHeaders()).toEqual({
        traceparent: `00-${TRACE}-${span_id}-01`,
        'x-request-id': 'req-1',
      });
    });
    span.end();
  });

  it('starts a new trace when the traceparent is invalid', () => {
    for (const traceparent of [`ff-${TRACE}-00f067aa0ba902b7-01`, 'garbage', '']) {
      const parent = propagation.extract(ROOT_CONTEXT, { traceparent });
      const span = tracer().startSpan('server', {}, parent);
      expect(span.spanContext().traceId).not.toBe(TRACE);
      expect(trace.isSpanContextValid(span.spanContext())).toBe(true);
      span.end();
    }
  });

  it('keeps a sane request id and replaces a dangerous one', () => {
    expect(requestIdFrom('req-2')).toBe('req-2');
    expect(requestIdFrom('a\nb')).not.toContain('\n');
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('has no ids outside a request and a fresh trace per root span', async () => {
    expect(logCorrelation()).toEqual({});
    expect(propagationHeaders()).toEqual({});
    const seen = await Promise.all(
      [1, 2].map(() =>
        inRootSpan('flow', async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return { ids: logCorrelation(), requestId: currentRequestId() };
        }),
      ),
    );
    expect(seen[0].ids.trace_id).not.toBe(seen[1].ids.trace_id);
    expect(seen[0].requestId).toBeDefined();
  });
});
