import fc from 'fast-check';
import { buildServiceConfig } from '@app/config';
import {
  DownstreamRequest,
  DownstreamResponse,
  DownstreamUnavailableError,
} from '@app/http-client';
import type { SessionInput } from '@app/contracts';
import {
  answering,
  answeringInTurn,
  detachedTrafficMetrics,
  fakeDownstreamHttp,
  spyOnLogger,
} from '@app/testing';
import { BookingTrafficService } from './booking-traffic.service';

type Answer = (request: DownstreamRequest) => Promise<DownstreamResponse<unknown>>;

const healthyInstabook: Answer = (request) =>
  request.method === 'POST'
    ? answering(201, { ...(request.body as SessionInput), created_at: 'now' })()
    : answering(200, {})();

const config = buildServiceConfig('load-generator-instabook', {
  LOG_LEVEL: 'silent',
  HTTP_CLIENT_TIMEOUT_MS: '1000',
  SHUTDOWN_DRAIN_MS: '0',
  LOAD_DELAY_SCALE: '0',
});

/** The service on an instabook answering from `answer`; `requests` are the ones it was sent. */
function trafficOn(answer: Answer) {
  const { http, calls: requests } = fakeDownstreamHttp(answer);
  const service = new BookingTrafficService(http, detachedTrafficMetrics(), config, {
    instabookUrl: 'http://instabook.test',
    delayBetweenRequestsSeconds: 3,
  });
  return { requests, service, ...spyOnLogger(service['logger']) };
}

const shapes = (requests: DownstreamRequest[]) =>
  requests.map((request) => `${request.method} ${request.path}`);
const createdIds = (requests: DownstreamRequest[]) =>
  requests
    .filter((request) => request.method === 'POST')
    .map((request) => (request.body as SessionInput).id);

describe('BookingTrafficService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('creates a session and reads it back', async () => {
    const { requests, service, infos } = trafficOn(healthyInstabook);
    await service.runFlow('create-and-read');
    const [id] = createdIds(requests);
    expect(shapes(requests)).toEqual(['POST /booking/session', `GET /booking/session/${id}`]);
    expect(requests.every((r) => r.baseUrl === 'http://instabook.test')).toBe(true);
    expect(infos).toHaveBeenCalledWith(
      expect.objectContaining({ session_id: id }),
      `Created session ${id}`,
    );
    expect(infos).toHaveBeenCalledWith({ session_id: id }, `Read session ${id}`);
  });

  it('only creates in create-only', async () => {
    const { requests, service } = trafficOn(healthyInstabook);
    await service.runFlow('create-only');
    expect(shapes(requests)).toEqual(['POST /booking/session']);
  });

  it('creates instead when there is nothing to read yet', async () => {
    const { requests, service } = trafficOn(healthyInstabook);
    await service.runFlow('read-existing');
    expect(shapes(requests)).toEqual(['POST /booking/session']);
  });

  it('reads an earlier created session in read-existing', async () => {
    const { requests, service } = trafficOn(healthyInstabook);
    await service.runFlow('create-only');
    await service.runFlow('create-only');
    const created = createdIds(requests);
    for (let i = 0; i < 10; i++) await service.runFlow('read-existing');
    const reads = requests.slice(2);
    expect(reads).toHaveLength(10);
    for (const read of reads) {
      expect(read.method).toBe('GET');
      expect(created.map((id) => `/booking/session/${id}`)).toContain(read.path);
    }
  });

  it('reads only among the last 50 created sessions', async () => {
    const { requests, service } = trafficOn(healthyInstabook);
    for (let i = 0; i < 51; i++) await service.runFlow('create-only');
    const created = createdIds(requests);
    jest.spyOn(Math, 'random').mockReturnValue(0);
    await service.runFlow('read-existing');
    expect(requests.at(-1)?.path).toBe(`/booking/session/${created[1]}`);
  });

  it('logs a 500 on create as an error with the service message, and neither keeps nor reads the id', async () => {
    const { requests, service, errors } = trafficOn(
      answering(500, { error: 'Internal service authentication failure' }),
    );
    await service.runFlow('create-and-read');
    await service.runFlow('read-existing');
    expect(shapes(requests)).toEqual(['POST /booking/session', 'POST /booking/session']);
    const [id] = createdIds(requests);
    expect(errors).toHaveBeenCalledWith(
      { session_id: id, status: 500, error: 'Internal service authentication failure' },
      `Failed to create session ${id}: 500 Internal service authentication failure`,
    );
  });

  it('logs a 404 on read as a warning', async () => {
    const { service, warnings, errors } = trafficOn((request) =>
      request.method === 'GET'
        ? answering(404, { error: 'Session not found' })()
        : healthyInstabook(request),
    );
    await service.runFlow('create-and-read');
    expect(warnings).toHaveBeenCalledWith(
      expect.objectContaining({ status: 404, error: 'Session not found' }),
      expect.stringMatching(/^Failed to read session [0-9a-f-]{36}: 404 Session not found$/),
    );
    expect(errors).not.toHaveBeenCalled();
  });

  it('ends the flow when instabook does not answer', async () => {
    const { requests, service, errors } = trafficOn(() =>
      Promise.reject(
        new DownstreamUnavailableError('instabook', 'timeout', 'timeout of 1000ms exceeded'),
      ),
    );
    await service.runFlow('create-and-read');
    expect(requests).toHaveLength(1);
    expect(errors).toHaveBeenCalledWith(
      { endpoint: '/booking/session', path: '/booking/session' },
      expect.stringContaining('No answer from instabook'),
    );
  });

  it('never fails a flow, whatever the instabook answers', async () => {
    const answer = fc.record({ status: fc.integer({ min: 100, max: 599 }), data: fc.anything() });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('create-and-read', 'read-existing', 'create-only' as const),
        fc.array(answer, { minLength: 1, maxLength: 6 }),
        async (flow, answers) => {
          const { service } = trafficOn(answeringInTurn(answers));
          await expect(service.runFlow(flow)).resolves.toBeUndefined();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('waits 0.8–1.2 × DELAY_BETWEEN_REQUESTS between flows', () => {
    const { service } = trafficOn(healthyInstabook);
    for (let i = 0; i < 100; i++) {
      const seconds = service['secondsBetweenFlows']();
      expect(seconds).toBeGreaterThanOrEqual(2.4);
      expect(seconds).toBeLessThanOrEqual(3.6);
    }
  });
});
