import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsNumber, IsString, IsUrl, Max, Min } from 'class-validator';
import { loadEnv } from './load-env';
import { defaultUrlOf } from './topology';

const URL_RULE = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

class ShopDownstreamsEnv {
  @IsUrl(URL_RULE) PRODUCT_CATALOG_SERVICE = defaultUrlOf('product-catalog');
  @IsUrl(URL_RULE) CURRENCY_SERVICE = defaultUrlOf('currency-service');
  @IsUrl(URL_RULE) AD_SERVICE = defaultUrlOf('ad-service');
  @IsUrl(URL_RULE) CHECKOUT_SERVICE = defaultUrlOf('checkout-service');
}

export const gatewayConfig = registerAs('gateway', () => {
  const env = loadEnv(ShopDownstreamsEnv, process.env);
  return {
    productCatalogUrl: env.PRODUCT_CATALOG_SERVICE,
    currencyUrl: env.CURRENCY_SERVICE,
    adUrl: env.AD_SERVICE,
    checkoutUrl: env.CHECKOUT_SERVICE,
  };
});

class CheckoutEnv {
  @IsUrl(URL_RULE) PRODUCT_CATALOG_SERVICE = defaultUrlOf('product-catalog');
  @IsUrl(URL_RULE) CURRENCY_SERVICE = defaultUrlOf('currency-service');
  @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) ORDER_STORE_MAX = 10_000;
}

export const checkoutConfig = registerAs('checkout', () => {
  const env = loadEnv(CheckoutEnv, process.env);
  return {
    productCatalogUrl: env.PRODUCT_CATALOG_SERVICE,
    currencyUrl: env.CURRENCY_SERVICE,
    orderStoreMax: env.ORDER_STORE_MAX,
  };
});

class InstabookTokenEnv {
  @IsString() @IsNotEmpty() INSTABOOK_API_TOKEN = 'instabook-secret-token-2024';
}

/** The shared secret both ends of the instabook → instabook-cache call agree on. */
export const instabookTokenConfig = registerAs('instabookToken', () => ({
  token: loadEnv(InstabookTokenEnv, process.env).INSTABOOK_API_TOKEN,
}));

class InstabookCacheEnv {
  @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) SESSION_STORE_MAX = 10_000;
  @Type(() => Number) @IsInt() @Min(1) @Max(604_800) SESSION_TTL_SECONDS = 3_600;
}

export const instabookCacheConfig = registerAs('instabookCache', () => {
  const env = loadEnv(InstabookCacheEnv, process.env);
  return { sessionStoreMax: env.SESSION_STORE_MAX, sessionTtlSeconds: env.SESSION_TTL_SECONDS };
});

class InstabookEnv {
  @IsUrl(URL_RULE) INSTABOOK_CACHE_SERVICE = defaultUrlOf('instabook-cache');
}

export const instabookConfig = registerAs('instabook', () => ({
  cacheUrl: loadEnv(InstabookEnv, process.env).INSTABOOK_CACHE_SERVICE,
}));

class LoadGeneratorEnv {
  @IsUrl(URL_RULE) GATEWAY_SERVICE = defaultUrlOf('gateway');
  @Type(() => Number) @IsNumber() @Min(0) @Max(3_600) DELAY_BETWEEN_USERS = 2.0;
}

export const loadGeneratorConfig = registerAs('loadGenerator', () => {
  const env = loadEnv(LoadGeneratorEnv, process.env);
  return { gatewayUrl: env.GATEWAY_SERVICE, delayBetweenUsersSeconds: env.DELAY_BETWEEN_USERS };
});

class LoadGeneratorInstabookEnv {
  @IsUrl(URL_RULE) INSTABOOK_SERVICE = defaultUrlOf('instabook');
  @Type(() => Number) @IsNumber() @Min(0) @Max(3_600) DELAY_BETWEEN_REQUESTS = 3.0;
}

export const loadGeneratorInstabookConfig = registerAs('loadGeneratorInstabook', () => {
  const env = loadEnv(LoadGeneratorInstabookEnv, process.env);
  return {
    instabookUrl: env.INSTABOOK_SERVICE,
    delayBetweenRequestsSeconds: env.DELAY_BETWEEN_REQUESTS,
  };
});
