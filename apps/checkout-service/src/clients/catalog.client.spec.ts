import { BadRequestException, InternalServerErrorException } from '@nestjs/common';
import { DownstreamResponse, DownstreamUnavailableError } from '@app/http-client';
import { answering, fakeDownstreamHttp } from '@app/testing';
import { CheckoutCatalogClient } from './catalog.client';

const CONFIG = { productCatalogUrl: 'http://catalog:8081', currencyUrl: '', orderStoreMax: 1 };

function clientAnswering(answer: () => Promise<DownstreamResponse<unknown>>) {
  const { http, calls } = fakeDownstreamHttp(answer);
  return { client: new CheckoutCatalogClient(http, CONFIG), calls };
}

const PHONE = { id: 1, name: 'Smartphone Model X', price: 699.99, currency: 'USD' };

describe('CheckoutCatalogClient', () => {
  it('asks the catalog for /product/:id and returns the product', async () => {
    const { client, calls } = clientAnswering(answering(200, PHONE));
    await expect(client.product(1)).resolves.toEqual(PHONE);
    expect(calls).toEqual([
      expect.objectContaining({
        service: 'product-catalog',
        baseUrl: 'http://catalog:8081',
        method: 'GET',
        path: '/product/1',
      }),
    ]);
  });

  it('turns a catalog 404 into 400 Product <id> not found', async () => {
    const { client } = clientAnswering(answering(404, { error: 'Product not found' }));
    const failure = client.product(9);
    await expect(failure).rejects.toBeInstanceOf(BadRequestException);
    await expect(failure).rejects.toThrow('Product 9 not found');
  });

  it.each([
    [500, { error: 'boom' }, 'product-catalog answered 500: boom'],
    [503, '<html>', 'product-catalog answered 503: HTTP 503'],
    [400, { error: 'Invalid product ID' }, 'product-catalog answered 400: Invalid product ID'],
  ])('turns a catalog %i into a 500 naming it', async (status, data, detail) => {
    const { client } = clientAnswering(answering(status, data));
    const failure = client.product(1);
    await expect(failure).rejects.toBeInstanceOf(InternalServerErrorException);
    await expect(failure).rejects.toThrow(`Failed to retrieve product information: ${detail}`);
  });

  it.each([
    null,
    'Smartphone',
    { ...PHONE, price: '699.99' },
    { ...PHONE, price: -1 },
    { ...PHONE, name: undefined },
  ])('refuses a 200 that is not a product: %j', async (data) => {
    const { client } = clientAnswering(answering(200, data));
    await expect(client.product(1)).rejects.toThrow(
      'Failed to retrieve product information: product-catalog answered an invalid product',
    );
  });

  it('turns an unreachable catalog into a 500 with the reason', async () => {
    const { client } = clientAnswering(() =>
      Promise.reject(new DownstreamUnavailableError('product-catalog', 'timeout', 'ECONNABORTED')),
    );
    await expect(client.product(1)).rejects.toThrow(
      'Failed to retrieve product information: product-catalog unavailable (timeout): ECONNABORTED',
    );
  });

  it('lets unexpected errors through untouched', async () => {
    const bug = new TypeError('bug');
    const { client } = clientAnswering(() => Promise.reject(bug));
    await expect(client.product(1)).rejects.toBe(bug);
  });
});
