import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { checkoutConfig } from '@app/config';
import { CheckoutCatalogClient } from './catalog.client';
import { CheckoutCurrencyClient } from './currency.client';

@Module({
  imports: [ConfigModule.forFeature(checkoutConfig)],
  providers: [CheckoutCatalogClient, CheckoutCurrencyClient],
  exports: [CheckoutCatalogClient, CheckoutCurrencyClient],
})
export class CheckoutClientsModule {}
