import { Injectable } from '@nestjs/common';
import { Ad, Product, roundTo } from '@app/contracts';
import { AdClient } from '../clients/ad.client';
import { GatewayCatalogClient } from '../clients/catalog.client';
import { GatewayCurrencyClient } from '../clients/currency.client';

/** How many of the listed products the ads of a product page are chosen for. */
const PRODUCTS_WITH_ADS = 3;

export interface ProductsPage {
  products: Product[];
  ads: Ad[];
}

export interface ProductPage {
  product: Product;
  related_ads: Ad[];
}

@Injectable()
export class ProductsService {
  constructor(
    private readonly catalog: GatewayCatalogClient,
    private readonly currency: GatewayCurrencyClient,
    private readonly ads: AdClient,
  ) {}

  async list(category?: string, currency?: string): Promise<ProductsPage> {
    const products = await this.catalog.list(category);
    const adsFor = products.slice(0, PRODUCTS_WITH_ADS).map((product) => product.id);
    const [priced, ads] = await Promise.all([
      this.inCurrency(products, currency),
      this.ads.forProducts(adsFor),
    ]);
    return { products: priced, ads };
  }

  async get(id: number, currency?: string): Promise<ProductPage> {
    const product = await this.catalog.product(id);
    const [[priced], relatedAds] = await Promise.all([
      this.inCurrency([product], currency),
      this.ads.forProducts([id]),
    ]);
    return { product: priced, related_ads: relatedAds };
  }

  /** Catalog prices are USD; one rate converts them all. */
  private async inCurrency(products: Product[], currency?: string): Promise<Product[]> {
    if (!currency || currency === 'USD') return products;
    const exchange = await this.currency.rateFromUsd(currency);
    return products.map((product) => ({
      ...product,
      price: roundTo(product.price * exchange.rate, 2),
      currency: exchange.currency,
    }));
  }
}
