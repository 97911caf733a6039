import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { IsNumber } from 'class-validator';
import { gatewayConfig } from '../config/gateway.config';
import type { Product } from '@app/contracts';
import { DownstreamClient, DownstreamHttp, answerOf, listOf, orNull } from '@app/http-client';
import { gatewayPolicy } from './downstream.policy';

/** The gateway only relies on `id` and `price`; every other field is passed on as it came. */
class CatalogProductAnswer implements Pick<Product, 'id' | 'price'> {
  @IsNumber()
  id!: number;

  @IsNumber()
  price!: number;
}

const PRODUCT = answerOf<Product>(CatalogProductAnswer);
// the first catalog answered null when no product matched the category
const PRODUCTS = orNull(listOf(PRODUCT));

/** product-catalog as the gateway's pages see it: lists and single products. */
@Injectable()
export class GatewayCatalogClient extends DownstreamClient {
  protected readonly policy = gatewayPolicy('Product catalog', this.logger);

  constructor(
    http: DownstreamHttp,
    @Inject(gatewayConfig.KEY) config: ConfigType<typeof gatewayConfig>,
  ) {
    super(http, { service: 'product-catalog', baseUrl: config.productCatalogUrl });
  }

  async list(category?: string): Promise<Product[]> {
    const products = await this.fetch(
      { method: 'GET', path: '/products', params: { category } },
      PRODUCTS,
    );
    return products ?? [];
  }

  product(id: number): Promise<Product> {
    return this.fetch({ method: 'GET', path: `/product/${id}` }, PRODUCT);
  }
}
