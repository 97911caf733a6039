import { Module } from '@nestjs/common';
import { AdClient } from './ad.client';
import { GatewayCatalogClient } from './catalog.client';
import { CheckoutClient } from './checkout.client';
import { GatewayCurrencyClient } from './currency.client';

const CLIENTS = [GatewayCatalogClient, GatewayCurrencyClient, AdClient, CheckoutClient];

@Module({
  providers: CLIENTS,
  exports: CLIENTS,
})
export class GatewayClientsModule {}
