import { registerAs } from '@nestjs/config';
import { IsServiceUrl, defaultUrlOf, loadEnv } from '@app/config';

class GatewayEnv {
  @IsServiceUrl() PRODUCT_CATALOG_SERVICE = defaultUrlOf('product-catalog');
  @IsServiceUrl() CURRENCY_SERVICE = defaultUrlOf('currency-service');
  @IsServiceUrl() AD_SERVICE = defaultUrlOf('ad-service');
  @IsServiceUrl() CHECKOUT_SERVICE = defaultUrlOf('checkout-service');
}

/** Where the gateway finds the four services it calls. */
export const gatewayConfig = registerAs('gateway', () => {
  const env = loadEnv(GatewayEnv);
  return {
    productCatalogUrl: env.PRODUCT_CATALOG_SERVICE,
    currencyUrl: env.CURRENCY_SERVICE,
    adUrl: env.AD_SERVICE,
    checkoutUrl: env.CHECKOUT_SERVICE,
  };
});
