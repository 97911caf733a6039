import { BadRequestException } from '@nestjs/common';
import type { Ad, Product } from '@app/contracts';
import type { AdClient } from '../clients/ad.client';
import type { GatewayCatalogClient } from '../clients/catalog.client';
import type { ExchangeRate, GatewayCurrencyClient } from '../clients/currency.client';
import { ProductsService } from './products.service';

function product(id: number, price: number): Product {
  return {
    id,
    name: `Product ${id}`,
    description: '',
    price,
    currency: 'USD',
    image_url: '',
    categories: [],
  };
}

const PRODUCTS = [product(1, 699.99), product(2, 0.1), product(3, 249.99), product(4, 10)];

function ad(productId: number): Ad {
  return {
    id: `ad${productId}`,
    redirect_url: '',
    text: '',
    image_url: '',
    category: 'c',
    product_id: productId,
  };
}

function serviceWith(rate: (code: string) => Promise<ExchangeRate>, products = PRODUCTS) {
  const catalog = {
    list: jest.fn(() => Promise.resolve(products)),
    product: jest.fn((id: number) => Promise.resolve(products.find((p) => p.id === id))),
  };
  const currency = { rateFromUsd: jest.fn(rate) };
  const ads = { forProducts: jest.fn((ids: number[]) => Promise.resolve(ids.map(ad))) };
  const service = new ProductsService(
    catalog as unknown as GatewayCatalogClient,
    currency as unknown as GatewayCurrencyClient,
    ads as unknown as AdClient,
  );
  return { service, catalog, currency, ads };
}

const EUR = () => Promise.resolve({ currency: 'EUR', rate: 0.85 });

describe('ProductsService', () => {
  it('lists catalog products with ads for the first three', async () => {
    const { service, catalog, ads, currency } = serviceWith(EUR);
    const page = await service.list('Audio');
    expect(catalog.list).toHaveBeenCalledWith('Audio');
    expect(ads.forProducts).toHaveBeenCalledWith([1, 2, 3]);
    expect(page).toEqual({ products: PRODUCTS, ads: [ad(1), ad(2), ad(3)] });
    expect(currency.rateFromUsd).not.toHaveBeenCalled();
  });

  it('converts every price with a single rate, rounded to cents', async () => {
    const { service, currency } = serviceWith(EUR);
    const { products } = await service.list(undefined, 'EUR');
    expect(currency.rateFromUsd).toHaveBeenCalledTimes(1);
    // 699.99 × 0.85 = 594.9915; 0.1 × 0.85 = 0.085 → 0.09 (half away from zero)
    expect(products.map((p) => [p.price, p.currency])).toEqual([
      [594.99, 'EUR'],
      [0.09, 'EUR'],
      [212.49, 'EUR'],
      [8.5, 'EUR'],
    ]);
    expect(products[0]).toMatchObject({ id: 1, name: 'Product 1' });
  });

  it('does not modify the catalog products it converts', async () => {
    const { service } = serviceWith(EUR);
    await service.list(undefined, 'EUR');
    expect(PRODUCTS[0]).toMatchObject({ price: 699.99, currency: 'USD' });
  });

  it.each([undefined, '', 'USD'])('leaves USD prices alone for currency %j', async (code) => {
    const { service, currency } = serviceWith(EUR);
    expect((await service.list(undefined, code)).products).toEqual(PRODUCTS);
    expect(currency.rateFromUsd).not.toHaveBeenCalled();
  });

  it('fails the page when the currency fails', async () => {
    const { service } = serviceWith(() =>
      Promise.reject(new BadRequestException('Currency XYZ not supported')),
    );
    await expect(service.list(undefined, 'XYZ')).rejects.toThrow('Currency XYZ not supported');
  });

  it('answers one product, converted, with the ads of that product', async () => {
    const { service, ads } = serviceWith(() => Promise.resolve({ currency: 'JPY', rate: 110 }));
    const page = await service.get(1, 'JPY');
    expect(ads.forProducts).toHaveBeenCalledWith([1]);
    // 699.99 × 110 = 76998.90000000001 in binary floating point
    expect(page).toEqual({
      product: { ...PRODUCTS[0], price: 76998.9, currency: 'JPY' },
      related_ads: [ad(1)],
    });
  });
});
