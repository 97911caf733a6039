import { Module } from '@nestjs/common';
import { GatewayClientsModule } from '../clients/clients.module';
import { CheckoutController } from './checkout.controller';

@Module({ imports: [GatewayClientsModule], controllers: [CheckoutController] })
export class CheckoutModule {}
