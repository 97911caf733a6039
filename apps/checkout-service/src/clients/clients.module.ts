import { Module } from '@nestjs/common';
import { CheckoutCatalogClient } from './catalog.client';
import { CheckoutCurrencyClient } from './currency.client';

@Module({
  providers: [CheckoutCatalogClient, CheckoutCurrencyClient],
  exports: [CheckoutCatalogClient, CheckoutCurrencyClient],
})
export class CheckoutClientsModule {}
