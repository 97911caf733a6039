import {
  BadRequestException,
  Inject,
  Injectable,
  InternalServerErrorException,
  Logger,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { checkoutConfig } from '../config/checkout.config';
import type { Product } from '@app/contracts';
import {
  DownstreamHttp,
  DownstreamResponse,
  DownstreamStatusError,
  DownstreamUnavailableError,
  downstreamMessage,
} from '@app/http-client';
import { productLookupFailed, productNotFound } from '../checkout/checkout.messages';

const SERVICE = 'product-catalog';

/** The fields of a catalog product an order needs; anything else in the answer is ignored. */
export type CatalogProduct = Pick<Product, 'id' | 'name' | 'price'>;

function isCatalogProduct(data: unknown): data is CatalogProduct {
  const product = data as Partial<CatalogProduct> | null;
  return (
    typeof product === 'object' &&
    product !== null &&
    typeof product.id === 'number' &&
    typeof product.name === 'string' &&
    typeof product.price === 'number' &&
    Number.isFinite(product.price) &&
    product.price >= 0
  );
}

/**
 * product-catalog as checkout sees it: an unknown product is the client's mistake (400),
 * anything else that keeps us from pricing the order is ours (500, the first version's message).
 */
@Injectable()
export class CatalogClient {
  private readonly logger = new Logger(CatalogClient.name);

  constructor(
    private readonly http: DownstreamHttp,
    @Inject(checkoutConfig.KEY) private readonly config: ConfigType<typeof checkoutConfig>,
  ) {}

  async product(id: number): Promise<CatalogProduct> {
    let response: DownstreamResponse<unknown>;
    try {
      response = await this.http.request<unknown>({
        service: SERVICE,
        baseUrl: this.config.productCatalogUrl,
        method: 'GET',
        path: `/product/${id}`,
      });
    } catch (error) {
      if (error instanceof DownstreamUnavailableError) throw this.failure(id, error.message);
      throw error;
    }
    if (response.status === 404) throw new BadRequestException(productNotFound(id));
    if (response.status !== 200) {
      const message = downstreamMessage(response.status, response.data);
      throw this.failure(id, new DownstreamStatusError(SERVICE, response.status, message).message);
    }
    if (!isCatalogProduct(response.data)) {
      throw this.failure(id, `${SERVICE} answered an invalid product`);
    }
    return response.data;
  }

  private failure(productId: number, reason: string): InternalServerErrorException {
    this.logger.error({ product_id: productId, reason }, 'Failed to retrieve product information');
    return new InternalServerErrorException(productLookupFailed(reason));
  }
}
