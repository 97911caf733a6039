import { Logger } from '@nestjs/common';
import type { DownstreamResponse } from '@app/http-client';
import { DownstreamUnavailableError } from '@app/http-client';
import { answering, fakeDownstreamHttp } from '@app/testing';
import { GATEWAY_CONFIG } from '../../test/gateway-config';
import { AdClient } from './ad.client';

const AD = {
  id: 'ad1',
  redirect_url: 'r',
  text: 't',
  image_url: 'i',
  product_id: 1,
  category: 'c',
};

function clientAnswering(answer: () => Promise<DownstreamResponse<unknown>>) {
  const { http, calls } = fakeDownstreamHttp(answer);
  return { client: new AdClient(http, GATEWAY_CONFIG), calls };
}

describe('AdClient', () => {
  let warn: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('asks for the ads of a comma-separated list of products', async () => {
    const { client, calls } = clientAnswering(answering(200, [AD]));
    await expect(client.forProducts([1, 2, 3])).resolves.toEqual([AD]);
    expect(calls).toEqual([
      expect.objectContaining({
        service: 'ad-service',
        baseUrl: 'http://ads:8083',
        path: '/ads',
        params: { product_ids: '1,2,3' },
      }),
    ]);
  });

  it('does not ask when there are no products', async () => {
    const { client, calls } = clientAnswering(answering(200, [AD]));
    await expect(client.forProducts([])).resolves.toEqual([]);
    expect(calls).toEqual([]);
  });

  it.each<[string, () => Promise<DownstreamResponse<unknown>>]>([
    ['a 500', answering(500, { error: 'boom' })],
    ['a 404', answering(404, { error: 'Ad not found' })],
    ['an object', answering(200, { ads: [] })],
    ['a list of strings', answering(200, ['ad1'])],
    [
      'no answer',
      () => Promise.reject(new DownstreamUnavailableError('ad-service', 'timeout', 'slow')),
    ],
  ])('answers [] and warns after %s', async (_case, answer) => {
    await expect(clientAnswering(answer).client.forProducts([1])).resolves.toEqual([]);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ downstream: 'ad-service' }),
      'Ad service call failed',
    );
  });

  it('lets unexpected errors through untouched', async () => {
    const bug = new TypeError('bug');
    await expect(clientAnswering(() => Promise.reject(bug)).client.forProducts([1])).rejects.toBe(
      bug,
    );
  });
});
