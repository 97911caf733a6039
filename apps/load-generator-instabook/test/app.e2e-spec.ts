import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import request from 'supertest';
import { RunningServer, createE2eApp, metricSamples, sampleValue } from '@app/testing';
import { AppModule } from '../src/app.module';
import {
  Recorded,
  SessionBody,
  healthyInstabook,
  isCreate,
  isTraffic,
  pointedAt,
  sleep,
  startInstabook,
  waitSoon,
} from './instabook.stub';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

jest.setTimeout(15_000);

const traceOf = (recorded: Recorded) => String(recorded.headers.traceparent).split('-')[1];
const readIdOf = (recorded: Recorded) =>
  decodeURIComponent(recorded.url.slice('/booking/session/'.length));

/** The traffic cut into flows: one flow per trace, in order. */
function flowsOf(requests: Recorded[]): Recorded[][] {
  const flows: Recorded[][] = [];
  for (const recorded of requests.filter(isTraffic)) {
    const current = flows.at(-1);
    if (current && traceOf(current[0]) === traceOf(recorded)) current.push(recorded);
    else flows.push([recorded]);
  }
  return flows;
}

function expectValidSession(recorded: Recorded): SessionBody {
  expect(recorded.url).toBe('/booking/session');
  const body = recorded.body as SessionBody;
  expect(Object.keys(body).sort()).toEqual(['booking_id', 'data', 'id', 'status', 'user_id']);
  expect(body.id).toMatch(UUID_V4);
  expect(body.user_id).toMatch(/^user-([1-9]|1[0-9]|20)$/);
  expect(body.booking_id).toMatch(/^BK-[0-9A-F]{8}$/);
  expect(['pending', 'confirmed', 'processing']).toContain(body.status);
  expect(body.data).toMatch(/^Booking for (flight|hotel|car|package) - [1-5] items$/);
  return body;
}

type FlowShape = 'create-and-read' | 'create' | 'read-existing';

/** Checks complete flows against docs/API.md and names the shape of each. */
function classifyAll(flows: Recorded[][]): FlowShape[] {
  const created: string[] = [];
  return flows.map((flow): FlowShape => {
    if (isCreate(flow[0])) {
      const session = expectValidSession(flow[0]);
      created.push(session.id);
      if (flow.length === 1) return 'create';
      expect(flow).toHaveLength(2);
      expect(flow[1].method).toBe('GET');
      expect(readIdOf(flow[1])).toBe(session.id);
      return 'create-and-read';
    }
    expect(flow).toHaveLength(1);
    expect(flow[0].method).toBe('GET');
    expect(created.slice(-50)).toContain(readIdOf(flow[0]));
    return 'read-existing';
  });
}

describe('load-generator-instabook (e2e)', () => {
  let app: INestApplication | undefined;
  let instabook: RunningServer | undefined;

  afterEach(async () => {
    await app?.close();
    await instabook?.close();
    app = undefined;
    instabook = undefined;
  });

  const http = () => request(app?.getHttpServer());
  const metrics = async () => (await http().get('/metrics').expect(200)).text;

  it('never answers junk paths and queries with a 5xx', async () => {
    instabook = await startInstabook({ ...healthyInstabook(), healthStatus: 503 });
    app = await createE2eApp(AppModule, pointedAt(instabook.url));
    await fc.assert(
      fc.asyncProperty(
        fc.webPath(),
        fc.webQueryParameters(),
        fc.constantFrom('GET', 'POST', 'DELETE'),
        async (path, query, method) => {
          const url = `${path.startsWith('/') ? path : `/${path}`}?${query}`;
          const res =
            await http()[method === 'GET' ? 'get' : method === 'POST' ? 'post' : 'delete'](url);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('sends no traffic until instabook is healthy', async () => {
    const behaviour = { ...healthyInstabook(), healthStatus: 503 };
    instabook = await startInstabook(behaviour);
    app = await createE2eApp(AppModule, pointedAt(instabook.url));
    const requests = instabook.requests;
    await waitSoon('a second health check', () => requests.length >= 2);
    expect(
      requests.every((recorded) => recorded.method === 'GET' && recorded.url === '/health'),
    ).toBe(true);
    behaviour.healthStatus = 200;
    await waitSoon('traffic once healthy', () => requests.some(isTraffic));
  });

  it('creates valid sessions, reads them back and re-reads recent ones, one trace per flow', async () => {
    instabook = await startInstabook(healthyInstabook());
    app = await createE2eApp(AppModule, pointedAt(instabook.url));
    const requests = instabook.requests;
    await waitSoon(
      'every kind of flow',
      () => new Set(classifyAll(flowsOf(requests).slice(0, -1))).size === 3,
    );
    await waitSoon('more than 50 sessions', () => requests.filter(isCreate).length > 60);

    const page = await metrics();
    for (const sample of [
      'load_generator_instabook_request_count{method="POST",endpoint="/booking/session",status="201"}',
      'load_generator_instabook_request_count{method="GET",endpoint="/booking/session/:id",status="200"}',
      'load_generator_instabook_request_latency_seconds_count{method="POST",endpoint="/booking/session"}',
      'load_generator_instabook_request_latency_seconds_count{method="GET",endpoint="/booking/session/:id"}',
    ]) {
      expect(sampleValue(page, sample)).toBeGreaterThan(0);
    }
    expect(
      metricSamples(page, 'load_generator_instabook_request_latency_seconds_bucket', {
        le: '0.005',
        method: 'GET',
        endpoint: '/booking/session/:id',
      }),
    ).toHaveLength(1);
    expect(page).not.toMatch(/endpoint="\/booking\/session\/[0-9a-f]/);

    await app.close();
    app = undefined;
    const flows = flowsOf(requests);
    const traces = flows.map((flow) => traceOf(flow[0]));
    expect(traces.every((trace) => /^[0-9a-f]{32}$/.test(trace))).toBe(true);
    expect(new Set(traces).size).toBe(traces.length);
    classifyAll(flows.slice(0, -1));
  });

  it('counts status "error" when instabook stops answering, and keeps going', async () => {
    instabook = await startInstabook(healthyInstabook());
    app = await createE2eApp(AppModule, pointedAt(instabook.url));
    await waitSoon('traffic', () => instabook?.requests.some(isTraffic) ?? false);
    await instabook.close();
    instabook = undefined;
    const noAnswer =
      'load_generator_instabook_request_count{method="POST",endpoint="/booking/session",status="error"}';
    let first = 0;
    await waitSoon('an unanswered request', async () => {
      first = sampleValue(await metrics(), noAnswer);
      return first > 0;
    });
    await waitSoon(
      'the next flow after a failure',
      async () => sampleValue(await metrics(), noAnswer) > first,
    );
  });

  it('stops promptly while pausing between flows', async () => {
    instabook = await startInstabook({ ...healthyInstabook(), createStatus: () => 500 });
    app = await createE2eApp(AppModule, pointedAt(instabook.url, 3600, 1));
    await waitSoon('the first flow', () => instabook?.requests.some(isTraffic) ?? false);
    await sleep(100);
    const started = Date.now();
    await app.close();
    app = undefined;
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
