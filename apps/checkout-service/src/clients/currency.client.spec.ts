import {
  DownstreamResponse,
  DownstreamStatusError,
  DownstreamUnavailableError,
} from '@app/http-client';
import { answering, fakeDownstreamHttp } from '@app/testing';
import { CheckoutCurrencyClient } from './currency.client';

const CONFIG = { productCatalogUrl: '', currencyUrl: 'http://currency:8082', orderStoreMax: 1 };

function clientAnswering(answer: () => Promise<DownstreamResponse<unknown>>) {
  const { http, calls } = fakeDownstreamHttp(answer);
  return { client: new CheckoutCurrencyClient(http, CONFIG), calls };
}

describe('CheckoutCurrencyClient', () => {
  it('converts from USD with the amount and returns the converted value', async () => {
    const { client, calls } = clientAnswering(
      answering(200, { from: 'USD', to: 'EUR', rate: 0.85, amount: 10, converted: 8.5 }),
    );
    await expect(client.fromUsd(10, 'EUR')).resolves.toBe(8.5);
    expect(calls).toEqual([
      expect.objectContaining({
        service: 'currency-service',
        baseUrl: 'http://currency:8082',
        method: 'GET',
        path: '/convert',
        params: { from: 'USD', to: 'EUR', amount: 10 },
      }),
    ]);
  });

  it.each([
    [500, { error: 'Internal calculation error' }, 'answered 500: Internal calculation error'],
    [400, { error: 'Currency XXX not supported' }, 'answered 400: Currency XXX not supported'],
    [200, { rate: 0.85 }, 'answered 200: answer without a converted amount'],
    [200, { converted: '8.5' }, 'answered 200: answer without a converted amount'],
    [200, null, 'answered 200: answer without a converted amount'],
  ])('throws a DownstreamStatusError for a %i %j', async (status, data, message) => {
    const { client } = clientAnswering(answering(status, data));
    const failure = client.fromUsd(10, 'EUR');
    await expect(failure).rejects.toBeInstanceOf(DownstreamStatusError);
    await expect(failure).rejects.toThrow(`currency-service ${message}`);
  });

  it('lets an unreachable currency service surface as DownstreamUnavailableError', async () => {
    const unavailable = new DownstreamUnavailableError('currency-service', 'connection', 'refused');
    const { client } = clientAnswering(() => Promise.reject(unavailable));
    await expect(client.fromUsd(10, 'EUR')).rejects.toBe(unavailable);
  });
});
