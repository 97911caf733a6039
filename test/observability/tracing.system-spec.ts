import { MockOtlpServer, normalizeTrace } from '@elastic/mockotlpserver';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ServiceName } from '@app/config';
import { Demo, getJson, startDemo, waitFor } from '../support/processes';
import { sleep } from '@app/testing';

const TOKEN = 'instabook-secret-token-2024';
const AUTH_FAILURE = 'Internal service authentication failure';
const CACHE_REFUSAL = 'API token authentication is disabled';

/** One span as the receiver got it, with the service that sent it. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  status?: { code?: string; message?: string };
  attributes: Record<string, unknown>;
}

interface NormalizedRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: Record<string, unknown> };
    scopeSpans?: Array<{ spans?: Array<Omit<ReceivedSpan, 'service'>> }>;
  }>;
}

function spansOf(request: unknown): ReceivedSpan[] {
  const { resourceSpans = [] } = normalizeTrace(request) as NormalizedRequest;
  return resourceSpans.flatMap(({ resource, scopeSpans = [] }) =>
    scopeSpans.flatMap(({ spans = [] }) =>
      spans.map((span) => ({ ...span, service: String(resource?.attributes?.['service.name']) })),
    ),
  );
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

const SERVICES: ServiceName[] = [
  'gateway',
  'checkout-service',
  'product-catalog',
  'currency-service',
  'ad-service',
  'instabook',
  'instabook-cache',
];

/**
 * Real services exporting to a real OTLP/HTTP receiver (@elastic/mockotlpserver, in this
 * process), in both encodings the SDK offers over HTTP. The load generators stay off, so
 * every span of a trace comes from the request this test sent with its own `traceparent`.
 */
describe.each(['http/json', 'http/protobuf'])('traces over OTLP %s', (protocol) => {
  const received: ReceivedSpan[] = [];
  const protocolsSeen = new Set<string>();
  let receiver: MockOtlpServer;
  let demo: Demo;

  beforeAll(async () => {
    receiver = new MockOtlpServer({
      services: ['http'],
      httpHostname: '127.0.0.1',
      httpPort: 0,
      logLevel: 'warn',
      onTrace: (request) => {
        // protobufjs messages have a constructor with toObject; parsed JSON is a plain object
        protocolsSeen.add(
          (request as object).constructor === Object ? 'http/json' : 'http/protobuf',
        );
        received.push(...spansOf(request));
      },
    });
    await receiver.start();
    demo = await startDemo(SERVICES, {
      OTEL_EXPORTER_OTLP_ENDPOINT: String(receiver.httpUrl).replace(/\/$/, ''),
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    await demo.process.waitForLine(/All 7 services are healthy/, 60_000);
  }, 90_000);

  afterAll(async () => {
    if (demo) {
      demo.process.signalGroup('SIGINT');
      await Promise.race([
        demo.process.exited,
        new Promise((resolve) => setTimeout(resolve, 10_000)),
      ]);
      await demo.process.kill();
    }
    await receiver?.close();
  }, 30_000);

  /** Waits until the trace holds spans from every one of `services`, then a little longer. */
  async function traceFrom(traceId: string, services: string[]): Promise<ReceivedSpan[]> {
    const spans = () => received.filter((span) => span.traceId === traceId);
    await waitFor(
      `spans of trace ${traceId} from ${services.join(', ')}`,
      () => services.every((service) => spans().some((span) => span.service === service)),
      20_000,
      100,
    );
    // the last hop's batch may trail by one schedule delay
    await sleep(1_000);
    return spans();
  }

  /** Every span hangs from the caller's span or another span of the same trace. */
  function expectLinked(spans: ReceivedSpan[], callerSpanId: string): void {
    const ids = new Set(spans.map((span) => span.spanId));
    for (const span of spans) {
      expect({
        span: span.name,
        parent: ids.has(span.parentSpanId ?? '') ? 'in trace' : span.parentSpanId,
      }).toEqual({
        span: span.name,
        parent: span.parentSpanId === callerSpanId ? callerSpanId : 'in trace',
      });
    }
    // a downstream's server span is the child of its caller's client span
    for (const server of spans.filter((span) => span.kind === 'SPAN_KIND_SERVER')) {
      if (server.parentSpanId === callerSpanId) continue;
      const parent = spans.find((span) => span.spanId === server.parentSpanId);
      expect({ server: server.service, parentKind: parent?.kind }).toEqual({
        server: server.service,
        parentKind: 'SPAN_KIND_CLIENT',
      });
    }
  }

  /** The log lines a service wrote for this request id, as objects. */
  function logLines(requestId: string): Array<Record<string, unknown>> {
    return demo.process.lines
      .filter((line) => line.includes(requestId))
      .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>)
      .filter((entry) => entry.request_id === requestId);
  }

  /** Each service logged for the request, and each of its lines names the trace and one of its spans. */
  function expectLogsCorrelated(requestId: string, traceId: string, spans: ReceivedSpan[]): void {
    const lines = logLines(requestId);
    for (const service of new Set(spans.map((span) => span.service))) {
      const own = lines.filter((entry) => entry.service_name === service);
      expect({ service, logged: own.length > 0 }).toEqual({ service, logged: true });
      const spanIds = spans.filter((span) => span.service === service).map((span) => span.spanId);
      for (const entry of own) {
        expect(entry.trace_id).toBe(traceId);
        expect(spanIds).toContain(entry.span_id);
      }
    }
  }

  /** POSTs JSON as a caller with its own trace and request id would. */
  async function tracedPost(url: string, body: unknown) {
    const sent = { traceId: hex(16), callerSpanId: hex(8), requestId: `test-${hex(4)}` };
    const answer = await getJson(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${sent.traceId}-${sent.callerSpanId}-01`,
        'x-request-id': sent.requestId,
      },
      body: JSON.stringify(body),
    });
    return { ...sent, answer };
  }

  it('follows a checkout through gateway, checkout, catalog and currency in one trace', async () => {
    const { traceId, callerSpanId, requestId, answer } = await tracedPost(
      demo.url('gateway', '/checkout'),
      {
        user_id: 'user-7',
        user_currency: 'JPY',
        address: { street: '654 Tokyo Ave', city: 'Tokyo', country: 'Japan', zip: '100-0001' },
        email: 'user7@example.com',
        items: [{ product_id: 5, quantity: 2 }],
      },
    );
    expect(answer.status).toBe(200);

    const spans = await traceFrom(traceId, [
      'gateway',
      'checkout-service',
      'product-catalog',
      'currency-service',
    ]);
    expect(protocolsSeen).toEqual(new Set([protocol]));
    const gateway = spans.find(
      (span) => span.service === 'gateway' && span.kind === 'SPAN_KIND_SERVER',
    );
    expect(gateway).toMatchObject({
      name: 'POST /checkout',
      parentSpanId: callerSpanId,
      attributes: expect.objectContaining({
        'http.route': '/checkout',
        'http.response.status_code': 200,
      }),
    });
    expect(spans.filter((span) => span.kind === 'SPAN_KIND_CLIENT').length).toBeGreaterThanOrEqual(
      3,
    );
    expectLinked(spans, callerSpanId);
    expect(spans.filter((span) => span.status?.code === 'STATUS_CODE_ERROR')).toEqual([]);
    expectLogsCorrelated(requestId, traceId, spans);
  }, 60_000);

  it("leaves the console's polling out of traces: one gateway span, no call drawn to any service", async () => {
    const traceId = hex(16);
    const answer = await getJson(demo.url('gateway', '/console/api/services'), {
      headers: { traceparent: `00-${traceId}-${hex(8)}-01` },
    });
    expect(answer.status).toBe(200);
    // it did read every service that runs here
    const services = (answer.body as { services: { name: string; up: boolean }[] }).services;
    expect(
      services
        .filter((service) => service.up)
        .map((service) => service.name)
        .sort(),
    ).toEqual([...SERVICES].sort());
    const spans = await traceFrom(traceId, ['gateway']);
    expect(spans.map((span) => [span.service, span.kind, span.name])).toEqual([
      ['gateway', 'SPAN_KIND_SERVER', 'GET /console/api/services'],
    ]);
  }, 60_000);

  it('shows the token story as one trace with the failures marked and explained', async () => {
    const toggled = await getJson(demo.url('instabook-cache', '/admin/token'), { method: 'POST' });
    expect(toggled.body).toEqual({ enabled: false });
    try {
      const { traceId, callerSpanId, requestId, answer } = await tracedPost(
        demo.url('instabook', '/booking/session'),
        {
          id: randomUUID(),
          user_id: 'user-1',
          booking_id: 'BK-0000ABCD',
          status: 'pending',
          data: 'Booking for hotel - 2 items',
        },
      );
      expect(answer).toEqual({ status: 500, body: { error: AUTH_FAILURE } });

      const spans = await traceFrom(traceId, ['instabook', 'instabook-cache']);
      expectLinked(spans, callerSpanId);
      const server = (service: string) =>
        spans.find((span) => span.service === service && span.kind === 'SPAN_KIND_SERVER');
      expect(server('instabook')).toMatchObject({
        name: 'POST /booking/session',
        parentSpanId: callerSpanId,
        status: { code: 'STATUS_CODE_ERROR', message: AUTH_FAILURE },
      });
      expect(server('instabook-cache')).toMatchObject({
        status: { code: 'STATUS_CODE_ERROR', message: CACHE_REFUSAL },
        attributes: expect.objectContaining({ 'http.response.status_code': 401 }),
      });
      expectLogsCorrelated(requestId, traceId, spans);
      expect(JSON.stringify(spans)).not.toContain(TOKEN);
    } finally {
      await getJson(demo.url('instabook-cache', '/admin/token'), { method: 'POST' });
    }
  }, 60_000);
});
