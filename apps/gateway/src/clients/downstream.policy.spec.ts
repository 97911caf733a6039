import { HttpException, Logger } from '@nestjs/common';
import type { DownstreamResponse } from '@app/http-client';
import {
  DownstreamAnswerError,
  DownstreamClient,
  DownstreamHttp,
  DownstreamUnavailableError,
  anyAnswer,
} from '@app/http-client';
import { answering, fakeDownstreamHttp } from '@app/testing';
import { gatewayPolicy } from './downstream.policy';

class ExampleClient extends DownstreamClient {
  protected readonly policy = gatewayPolicy('Example service', this.logger);

  constructor(http: DownstreamHttp) {
    super(http, { service: 'example-service', baseUrl: 'http://ex' });
  }

  get(): Promise<unknown> {
    return this.fetch({ method: 'GET', path: '/thing', params: { q: 'x' } }, anyAnswer);
  }

  refuse(): never {
    const outcome = this.policy.invalidAnswer(new DownstreamAnswerError('example-service', 200), {
      method: 'GET',
      path: '/thing',
    });
    if (!(outcome instanceof Error)) throw new Error('the gateway policy answered a fallback');
    throw outcome;
  }
}

function clientAnswering(answer: () => Promise<DownstreamResponse<unknown>>) {
  const { http, calls } = fakeDownstreamHttp(answer);
  return { client: new ExampleClient(http), calls };
}

async function failureOf(promise: Promise<unknown>): Promise<[number, unknown]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpException) return [error.getStatus(), error.message];
    throw error;
  }
  throw new Error('expected a failure');
}

describe('gatewayPolicy', () => {
  let warn: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('calls the target and returns the data of a 2xx answer', async () => {
    const { client, calls } = clientAnswering(answering(201, { ok: true }));
    await expect(client.get()).resolves.toEqual({ ok: true });
    expect(calls).toEqual([
      {
        service: 'example-service',
        baseUrl: 'http://ex',
        method: 'GET',
        path: '/thing',
        params: { q: 'x' },
      },
    ]);
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    [400, { error: 'Invalid product ID' }, 'Invalid product ID'],
    [404, { error: 'Product not found' }, 'Product not found'],
    [422, 'plain text', 'HTTP 422'],
  ])('keeps a %i with its message', async (status, data, message) => {
    const { client } = clientAnswering(answering(status, data));
    expect(await failureOf(client.get())).toEqual([status, message]);
  });

  it.each([
    [500, { error: 'boom' }, 'Example service error: boom'],
    [503, '<html>down</html>', 'Example service error: HTTP 503'],
    [302, '', 'Example service error: HTTP 302'],
  ])('turns a %i into a 500 naming the downstream', async (status, data, message) => {
    const { client } = clientAnswering(answering(status, data));
    expect(await failureOf(client.get())).toEqual([500, message]);
    expect(warn).toHaveBeenCalledWith(
      { downstream: 'example-service', call: 'GET /thing', reason: expect.any(String) },
      'Example service call failed',
    );
  });

  it.each([
    ['connection', 'Example service unavailable: connection failed'],
    ['timeout', 'Example service unavailable: timed out'],
  ] as const)('turns a %s failure into a 500 without internal detail', async (reason, message) => {
    const unavailable = new DownstreamUnavailableError('example-service', reason, 'ECONNREFUSED');
    const { client } = clientAnswering(() => Promise.reject(unavailable));
    expect(await failureOf(client.get())).toEqual([500, message]);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ reason: unavailable.message }),
      'Example service call failed',
    );
  });

  it('lets unexpected errors through untouched', async () => {
    const bug = new TypeError('bug');
    const { client } = clientAnswering(() => Promise.reject(bug));
    await expect(client.get()).rejects.toBe(bug);
  });

  it('reports an unusable answer as a 500 naming the downstream', () => {
    const { client } = clientAnswering(answering(200, null));
    expect(() => client.refuse()).toThrow('Example service error: unexpected answer');
  });
});
