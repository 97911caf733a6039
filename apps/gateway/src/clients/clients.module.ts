import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { gatewayConfig } from '@app/config';
import { AdClient } from './ad.client';
import { GatewayCatalogClient } from './catalog.client';
import { CheckoutClient } from './checkout.client';
import { GatewayCurrencyClient } from './currency.client';

const CLIENTS = [GatewayCatalogClient, GatewayCurrencyClient, AdClient, CheckoutClient];

@Module({
  imports: [ConfigModule.forFeature(gatewayConfig)],
  providers: CLIENTS,
  exports: CLIENTS,
})
export class GatewayClientsModule {}
