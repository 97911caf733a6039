import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { gatewayConfig } from '@app/config';
import { AdClient } from './ad.client';
import { CatalogClient } from './catalog.client';
import { CheckoutClient } from './checkout.client';
import { CurrencyClient } from './currency.client';

const CLIENTS = [CatalogClient, CurrencyClient, AdClient, CheckoutClient];

@Module({
  imports: [ConfigModule.forFeature(gatewayConfig)],
  providers: CLIENTS,
  exports: CLIENTS,
})
export class ClientsModule {}
