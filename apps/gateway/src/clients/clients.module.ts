import { Module } from '@nestjs/common';
import { AdClient } from './ad.client';
import { CatalogClient } from './catalog.client';
import { CheckoutClient } from './checkout.client';
import { CurrencyClient } from './currency.client';

const CLIENTS = [CatalogClient, CurrencyClient, AdClient, CheckoutClient];

@Module({
  providers: CLIENTS,
  exports: CLIENTS,
})
export class ClientsModule {}
