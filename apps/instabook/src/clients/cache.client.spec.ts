import { HttpException, Logger } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import type { Session, SessionInput } from '@app/contracts';
import {
  DownstreamRequest,
  DownstreamResponse,
  DownstreamUnavailableError,
} from '@app/http-client';
import { answering, fakeDownstreamHttp } from '@app/testing';
import { CacheClient } from './cache.client';

const TOKEN = 'unit-test-token-value';
const INPUT: SessionInput = {
  id: 'session-42',
  user_id: 'user-3',
  booking_id: 'BK-00FF00FF',
  status: 'processing',
  data: 'Booking for car - 1 items',
};
const SESSION: Session = { ...INPUT, created_at: '2024-01-01T00:00:00.000Z' };

describe('CacheClient', () => {
  let answer: () => Promise<DownstreamResponse<unknown>>;
  let requests: DownstreamRequest[];
  let registry: Registry;
  let errors: Counter<'error_type'>;
  let client: CacheClient;
  let logged: jest.SpyInstance;

  beforeEach(() => {
    const fake = fakeDownstreamHttp(() => answer());
    requests = fake.calls;
    registry = new Registry();
    errors = new Counter({
      name: 'instabook_cache_errors',
      help: 'test',
      labelNames: ['error_type'],
      registers: [registry],
    });
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    client = new CacheClient(
      fake.http,
      { cacheUrl: 'http://cache.test:8086' },
      { token: TOKEN },
      errors,
    );
  });

  afterEach(() => jest.restoreAllMocks());

  async function counts(): Promise<Record<string, number>> {
    const { values } = await errors.get();
    return Object.fromEntries(
      values.map(({ labels, value }) => [String(labels.error_type), value]),
    );
  }

  async function failureOf(call: Promise<unknown>): Promise<{ status: number; body: unknown }> {
    const error = await call.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!(error instanceof HttpException))
      throw new Error(`expected an HttpException, got ${String(error)}`);
    return { status: error.getStatus(), body: error.getResponse() };
  }

  const loggedText = () => JSON.stringify(logged.mock.calls);

  it('starts every error_type series at 0', async () => {
    expect(await counts()).toEqual({ auth_failure: 0, connection_error: 0, cache_error: 0 });
  });

  it('posts the session to /cache/session with the Bearer token and returns the stored one', async () => {
    answer = answering(201, SESSION);
    await expect(client.createSession(INPUT)).resolves.toEqual(SESSION);
    expect(requests).toEqual([
      expect.objectContaining({
        service: 'instabook-cache',
        baseUrl: 'http://cache.test:8086',
        method: 'POST',
        path: '/cache/session',
        body: INPUT,
        headers: { Authorization: `Bearer ${TOKEN}` },
      }),
    ]);
  });

  it('reads a session with its id encoded into one path segment', async () => {
    answer = answering(200, SESSION);
    await expect(client.getSession('../a b?c')).resolves.toEqual(SESSION);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      path: '/cache/session/..%2Fa%20b%3Fc',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
  });

  it('turns a 404 on read into Session not found, which is no cache error', async () => {
    answer = answering(404, { error: 'Session not found' });
    expect(await failureOf(client.getSession('gone'))).toEqual({
      status: 404,
      body: expect.objectContaining({ message: 'Session not found' }),
    });
    expect(await counts()).toEqual({ auth_failure: 0, connection_error: 0, cache_error: 0 });
    expect(logged).not.toHaveBeenCalled();
  });

  it.each([
    ['create', () => client.createSession(INPUT)],
    ['read', () => client.getSession(INPUT.id)],
  ])('maps a 401 on %s to the authentication failure, counted and logged', async (_op, call) => {
    answer = answering(401, { error: 'Invalid API token' });
    expect(await failureOf(call())).toEqual({
      status: 500,
      body: expect.objectContaining({ message: 'Internal service authentication failure' }),
    });
    expect(await counts()).toMatchObject({ auth_failure: 1, cache_error: 0 });
    expect(logged).toHaveBeenCalledTimes(1);
    const [fields, message] = logged.mock.calls[0] as [Record<string, unknown>, string];
    expect(fields).toEqual({
      error_type: 'auth_failure',
      session_id: INPUT.id,
      cache_status: 401,
      cache_error: 'Invalid API token',
    });
    expect(message).toContain(INPUT.id);
    expect(message).toContain('401');
    expect(message).toContain('Invalid API token');
    expect(loggedText()).not.toContain(TOKEN);
  });

  it.each<[string, DownstreamResponse<unknown>, () => Promise<unknown>]>([
    [
      'a 503 on create',
      { status: 503, data: { error: 'busy' } },
      () => client.createSession(INPUT),
    ],
    ['a 500 on read', { status: 500, data: 'oops' }, () => client.getSession(INPUT.id)],
    [
      'a 400 on create',
      { status: 400, data: { error: 'Invalid session data' } },
      () => client.createSession(INPUT),
    ],
    [
      'a 404 on create',
      { status: 404, data: { error: 'Not found' } },
      () => client.createSession(INPUT),
    ],
    [
      'a 2xx that is not a session',
      { status: 201, data: { id: 'x' } },
      () => client.createSession(INPUT),
    ],
    ['a redirect', { status: 302, data: '' }, () => client.getSession(INPUT.id)],
  ])('maps %s to Internal service error (cache_error)', async (_case, response, call) => {
    answer = answering(response.status, response.data);
    expect(await failureOf(call())).toEqual({
      status: 500,
      body: expect.objectContaining({ message: 'Internal service error' }),
    });
    expect(await counts()).toEqual({ auth_failure: 0, connection_error: 0, cache_error: 1 });
    const [fields] = logged.mock.calls[0] as [Record<string, unknown>];
    expect(fields).toMatchObject({
      error_type: 'cache_error',
      session_id: INPUT.id,
      cache_status: response.status,
    });
  });

  it('maps an unreachable cache to Internal service error (connection_error)', async () => {
    answer = () =>
      Promise.reject(
        new DownstreamUnavailableError('instabook-cache', 'connection', 'ECONNREFUSED'),
      );
    expect(await failureOf(client.getSession(INPUT.id))).toEqual({
      status: 500,
      body: expect.objectContaining({ message: 'Internal service error' }),
    });
    expect(await counts()).toEqual({ auth_failure: 0, connection_error: 1, cache_error: 0 });
    const [fields, message] = logged.mock.calls[0] as [Record<string, unknown>, string];
    expect(fields).toMatchObject({ error_type: 'connection_error', session_id: INPUT.id });
    expect(message).toContain('ECONNREFUSED');
    expect(loggedText()).not.toContain(TOKEN);
  });

  it('counts a timeout as a connection_error too', async () => {
    answer = () =>
      Promise.reject(new DownstreamUnavailableError('instabook-cache', 'timeout', 'ECONNABORTED'));
    expect((await failureOf(client.createSession(INPUT))).status).toBe(500);
    expect(await counts()).toMatchObject({ connection_error: 1 });
  });
});
