import { BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import { DownstreamStatusError, DownstreamUnavailableError } from '@app/http-client';
import type { CatalogProduct, CheckoutCatalogClient } from '../clients/catalog.client';
import type { CheckoutCurrencyClient } from '../clients/currency.client';
import { CheckoutService } from './checkout.service';
import type { ProcessCheckoutDto } from './dto/process-checkout.dto';
import { OrderStore } from './order.store';

const PRODUCTS: Record<number, CatalogProduct> = {
  1: { id: 1, name: 'Smartphone Model X', price: 699.99 },
  2: { id: 2, name: 'Laptop Pro', price: 1299.99 },
  5: { id: 5, name: 'Bluetooth Speaker', price: 79.99 },
};

const RATES: Record<string, number> = { EUR: 0.85, JPY: 110 };

interface Fakes {
  product?: (id: number) => Promise<CatalogProduct>;
  fromUsd?: (amount: number, currency: string) => Promise<number>;
}

function checkoutWith(fakes: Fakes = {}) {
  const catalog = {
    product: jest.fn(
      fakes.product ??
        ((id: number) =>
          PRODUCTS[id]
            ? Promise.resolve(PRODUCTS[id])
            : Promise.reject(new BadRequestException(`Product ${id} not found`))),
    ),
  };
  const currency = {
    fromUsd: jest.fn(
      fakes.fromUsd ??
        ((amount: number, code: string) =>
          Promise.resolve(Math.round(amount * RATES[code] * 100) / 100)),
    ),
  };
  const orders = new OrderStore({ productCatalogUrl: '', currencyUrl: '', orderStoreMax: 100 });
  const service = new CheckoutService(
    catalog as unknown as CheckoutCatalogClient,
    currency as unknown as CheckoutCurrencyClient,
    orders,
  );
  return { service, catalog, currency };
}

function request(
  currency: string,
  items: { product_id: number; quantity: number }[],
): ProcessCheckoutDto {
  return {
    user_id: 'user-7',
    user_currency: currency,
    address: '1 Road',
    email: 'user7@example.com',
    items,
  };
}

describe('CheckoutService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('prices USD orders from the catalog without converting', async () => {
    const { service, currency } = checkoutWith();
    const answer = await service.process(
      request('USD', [
        { product_id: 1, quantity: 1 },
        { product_id: 5, quantity: 3 },
      ]),
    );
    expect(answer).toEqual({
      order_id: expect.any(String),
      total: 939.96,
      currency: 'USD',
      status: 'PROCESSED',
    });
    expect(currency.fromUsd).not.toHaveBeenCalled();
  });

  it('rounds each line and the total to cents', async () => {
    // 0.1 + 0.2 style drift: 3 × 79.99 = 239.96999999999997
    const { service } = checkoutWith();
    const { order_id } = await service.process(request('USD', [{ product_id: 5, quantity: 3 }]));
    expect(service.find(order_id).products[0].item_total).toBe(239.97);
  });

  it('converts the unit price, then multiplies', async () => {
    const { service, currency } = checkoutWith();
    const { order_id, total } = await service.process(
      request('EUR', [{ product_id: 2, quantity: 3 }]),
    );
    expect(currency.fromUsd).toHaveBeenCalledWith(1299.99, 'EUR');
    // 1299.99 × 0.85 = 1104.9915 → 1104.99, × 3 = 3314.97
    expect(total).toBe(3314.97);
    expect(service.find(order_id).products).toEqual([
      {
        id: 2,
        name: 'Laptop Pro',
        price: 1104.99,
        currency: 'EUR',
        quantity: 3,
        item_total: 3314.97,
      },
    ]);
  });

  it('fetches and converts a product listed twice once', async () => {
    const { service, catalog, currency } = checkoutWith();
    await service.process(
      request('JPY', [
        { product_id: 1, quantity: 1 },
        { product_id: 1, quantity: 2 },
      ]),
    );
    expect(catalog.product).toHaveBeenCalledTimes(1);
    expect(currency.fromUsd).toHaveBeenCalledTimes(1);
  });

  it.each([
    new DownstreamStatusError('currency-service', 500, 'Internal calculation error'),
    new DownstreamUnavailableError('currency-service', 'timeout', 'ECONNABORTED'),
  ])('keeps the USD price and warns when the conversion fails: %s', async (failure) => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { service } = checkoutWith({ fromUsd: () => Promise.reject(failure) });
    const { order_id, total, currency } = await service.process(
      request('EUR', [{ product_id: 1, quantity: 2 }]),
    );
    expect({ total, currency }).toEqual({ total: 1399.98, currency: 'EUR' });
    expect(service.find(order_id).products[0]).toMatchObject({ price: 699.99, currency: 'USD' });
    expect(warn).toHaveBeenCalledWith(
      { product_id: 1, currency: 'EUR', reason: failure.message },
      'Currency conversion failed, keeping the USD price',
    );
  });

  it('does not swallow programming errors in the conversion', async () => {
    const { service } = checkoutWith({ fromUsd: () => Promise.reject(new TypeError('bug')) });
    await expect(service.process(request('EUR', [{ product_id: 1, quantity: 1 }]))).rejects.toThrow(
      'bug',
    );
  });

  it('reports the first failing item even when a later one fails sooner', async () => {
    const { service } = checkoutWith({
      product: (id) =>
        new Promise((_resolve, reject) =>
          setTimeout(() => reject(new Error(`failed ${id}`)), id === 1 ? 20 : 0),
        ),
    });
    await expect(
      service.process(
        request('USD', [
          { product_id: 1, quantity: 1 },
          { product_id: 2, quantity: 1 },
        ]),
      ),
    ).rejects.toThrow('failed 1');
  });

  it('stores nothing when an item fails', async () => {
    const { service } = checkoutWith();
    const save = jest.spyOn(OrderStore.prototype, 'save');
    await expect(service.process(request('USD', [{ product_id: 9, quantity: 1 }]))).rejects.toThrow(
      'Product 9 not found',
    );
    expect(save).not.toHaveBeenCalled();
  });

  it('logs each processed order with its id, total and currency', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const { service } = checkoutWith();
    const { order_id } = await service.process(request('USD', [{ product_id: 5, quantity: 1 }]));
    expect(log).toHaveBeenCalledWith(
      { order_id, total: 79.99, currency: 'USD' },
      'Order processed',
    );
  });

  it('keeps the order details for lookup', async () => {
    const { service } = checkoutWith();
    const { order_id } = await service.process(request('USD', [{ product_id: 5, quantity: 1 }]));
    expect(service.find(order_id)).toMatchObject({
      order_id,
      user_id: 'user-7',
      user_currency: 'USD',
      address: '1 Road',
      email: 'user7@example.com',
      total: 79.99,
      status: 'PROCESSED',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });

  it('answers 404 Order not found for an unknown order', () => {
    const { service } = checkoutWith();
    expect(() => service.find('missing')).toThrow(new NotFoundException('Order not found'));
  });
});
