import { Logger } from '@nestjs/common';
import { answering, fakeDownstreamHttp } from '@app/testing';
import { GATEWAY_CONFIG } from '../../test/gateway-config';
import { GatewayCatalogClient } from './catalog.client';

const PHONE = { id: 1, name: 'Smartphone Model X', price: 699.99, currency: 'USD', extra: 'kept' };

function clientAnswering(status: number, data: unknown) {
  const { http, calls } = fakeDownstreamHttp(answering(status, data));
  return { client: new GatewayCatalogClient(http, GATEWAY_CONFIG), calls };
}

describe('GatewayCatalogClient', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('lists products, passing the category on', async () => {
    const { client, calls } = clientAnswering(200, [PHONE]);
    await expect(client.list('Phones')).resolves.toEqual([PHONE]);
    expect(calls[0]).toMatchObject({
      service: 'product-catalog',
      baseUrl: 'http://catalog:8081',
      path: '/products',
      params: { category: 'Phones' },
    });
  });

  it('reads the null of the first catalog as no products', async () => {
    await expect(clientAnswering(200, null).client.list('Toys')).resolves.toEqual([]);
  });

  it.each([{ products: [] }, [PHONE, { ...PHONE, price: 'free' }], [null], 'text'])(
    'refuses a list that is not a list of products: %j',
    async (data) => {
      await expect(clientAnswering(200, data).client.list()).rejects.toThrow(
        'Product catalog error: unexpected answer',
      );
    },
  );

  it('gets one product by id', async () => {
    const { client, calls } = clientAnswering(200, PHONE);
    await expect(client.product(1)).resolves.toEqual(PHONE);
    expect(calls[0]).toMatchObject({ method: 'GET', path: '/product/1' });
  });

  it.each([null, [PHONE], { ...PHONE, price: Number.NaN }, { ...PHONE, id: '1' }])(
    'refuses a product that is not one: %j',
    async (data) => {
      await expect(clientAnswering(200, data).client.product(1)).rejects.toThrow(
        'Product catalog error: unexpected answer',
      );
    },
  );
});
