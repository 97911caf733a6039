import { Logger } from '@nestjs/common';
import { answering, fakeDownstreamHttp } from '@app/testing';
import { GATEWAY_CONFIG } from '../../test/gateway-config';
import { GatewayCurrencyClient } from './currency.client';

function clientAnswering(status: number, data: unknown) {
  const { http, calls } = fakeDownstreamHttp(answering(status, data));
  return { client: new GatewayCurrencyClient(http, GATEWAY_CONFIG), calls };
}

describe('GatewayCurrencyClient', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('asks for the USD rate without an amount', async () => {
    const { client, calls } = clientAnswering(200, { from: 'USD', to: 'EUR', rate: 0.85 });
    await expect(client.rateFromUsd('eur')).resolves.toEqual({ currency: 'EUR', rate: 0.85 });
    expect(calls[0]).toMatchObject({
      service: 'currency-service',
      baseUrl: 'http://currency:8082',
      path: '/convert',
      params: { from: 'USD', to: 'eur' },
    });
  });

  it('keeps the 400 of an unsupported currency', async () => {
    const { client } = clientAnswering(400, { error: 'Currency XYZ not supported' });
    await expect(client.rateFromUsd('XYZ')).rejects.toThrow('Currency XYZ not supported');
  });

  it.each([
    { to: 'EUR' },
    { to: 'EUR', rate: '0.85' },
    { to: 'EUR', rate: 0 },
    { to: 'EUR', rate: -1 },
    { rate: 0.85 },
    null,
  ])('refuses an answer without a usable rate: %j', async (data) => {
    await expect(clientAnswering(200, data).client.rateFromUsd('EUR')).rejects.toThrow(
      'Currency service error: unexpected answer',
    );
  });
});
