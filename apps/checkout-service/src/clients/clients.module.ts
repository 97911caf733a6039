import { Module } from '@nestjs/common';
import { CatalogClient } from './catalog.client';
import { CurrencyClient } from './currency.client';

@Module({
  providers: [CatalogClient, CurrencyClient],
  exports: [CatalogClient, CurrencyClient],
})
export class ClientsModule {}
