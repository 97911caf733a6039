import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { gatewayConfig } from '../config/gateway.config';
import type { Product } from '@app/contracts';
import { DownstreamHttp } from '@app/http-client';
import { DownstreamCall, DownstreamClient } from './downstream.client';

/** The gateway only relies on `id` and `price`; every other field is passed on as it came. */
function isProduct(value: unknown): value is Product {
  const product = value as Partial<Product> | null;
  return (
    typeof product === 'object' &&
    product !== null &&
    typeof product.id === 'number' &&
    typeof product.price === 'number' &&
    Number.isFinite(product.price)
  );
}

@Injectable()
export class CatalogClient extends DownstreamClient {
  constructor(
    http: DownstreamHttp,
    @Inject(gatewayConfig.KEY) config: ConfigType<typeof gatewayConfig>,
  ) {
    super(http, {
      service: 'product-catalog',
      label: 'Product catalog',
      baseUrl: config.productCatalogUrl,
    });
  }

  async list(category?: string): Promise<Product[]> {
    const call: DownstreamCall = { method: 'GET', path: '/products', params: { category } };
    const data = await this.fetch(call);
    // the first catalog answered null when no product matched the category
    if (data === null) return [];
    if (!Array.isArray(data) || !data.every(isProduct)) throw this.invalidAnswer(call);
    return data;
  }

  async product(id: number): Promise<Product> {
    const call: DownstreamCall = { method: 'GET', path: `/product/${id}` };
    const data = await this.fetch(call);
    if (!isProduct(data)) throw this.invalidAnswer(call);
    return data;
  }
}
