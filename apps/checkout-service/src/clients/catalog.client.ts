import {
  BadRequestException,
  Inject,
  Injectable,
  InternalServerErrorException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { IsNumber, IsString, Min } from 'class-validator';
import { checkoutConfig } from '../config/checkout.config';
import type { Product } from '@app/contracts';
import { DownstreamClient, DownstreamHttp, DownstreamPolicy, answerOf } from '@app/http-client';
import { productLookupFailed, productNotFound } from '../checkout/checkout.messages';

/** The fields of a catalog product an order needs; anything else in the answer is ignored. */
export type CatalogProduct = Pick<Product, 'id' | 'name' | 'price'>;

class CatalogProductAnswer implements CatalogProduct {
  @IsNumber()
  id!: number;

  @IsString()
  name!: string;

  @IsNumber()
  @Min(0)
  price!: number;
}

const PRODUCT = answerOf(CatalogProductAnswer);

/**
 * product-catalog as checkout sees it: an unknown product is the client's mistake (400),
 * anything else that keeps us from pricing the order is ours (500, the original demo's message).
 * Calls carry the product id they are about.
 */
@Injectable()
export class CheckoutCatalogClient extends DownstreamClient<number> {
  protected readonly policy: DownstreamPolicy<number> = {
    okStatus: 200,
    noAnswer: (error, _call, productId) => this.failure(productId, error.message),
    clientError: (error, _call, productId) =>
      error.status === 404
        ? new BadRequestException(productNotFound(productId))
        : this.failure(productId, error.message),
    serverError: (error, _call, productId) => this.failure(productId, error.message),
    invalidAnswer: (error, _call, productId) =>
      this.failure(productId, `${error.service} answered an invalid product`),
  };

  constructor(
    http: DownstreamHttp,
    @Inject(checkoutConfig.KEY) config: ConfigType<typeof checkoutConfig>,
  ) {
    super(http, { service: 'product-catalog', baseUrl: config.productCatalogUrl });
  }

  product(id: number): Promise<CatalogProduct> {
    return this.fetch({ method: 'GET', path: `/product/${id}` }, PRODUCT, id);
  }

  private failure(productId: number, reason: string): InternalServerErrorException {
    this.logger.error({ product_id: productId, reason }, 'Failed to retrieve product information');
    return new InternalServerErrorException(productLookupFailed(reason));
  }
}
