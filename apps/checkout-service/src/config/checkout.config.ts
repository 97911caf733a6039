import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsServiceUrl, defaultUrlOf, loadEnv } from '@app/config';

class CheckoutEnv {
  @IsServiceUrl() PRODUCT_CATALOG_SERVICE = defaultUrlOf('product-catalog');
  @IsServiceUrl() CURRENCY_SERVICE = defaultUrlOf('currency-service');
  @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) ORDER_STORE_MAX = 10_000;
}

export const checkoutConfig = registerAs('checkout', () => {
  const env = loadEnv(CheckoutEnv);
  return {
    productCatalogUrl: env.PRODUCT_CATALOG_SERVICE,
    currencyUrl: env.CURRENCY_SERVICE,
    orderStoreMax: env.ORDER_STORE_MAX,
  };
});
