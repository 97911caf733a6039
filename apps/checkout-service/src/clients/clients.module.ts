import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { checkoutConfig } from '@app/config';
import { CatalogClient } from './catalog.client';
import { CurrencyClient } from './currency.client';

@Module({
  imports: [ConfigModule.forFeature(checkoutConfig)],
  providers: [CatalogClient, CurrencyClient],
  exports: [CatalogClient, CurrencyClient],
})
export class ClientsModule {}
