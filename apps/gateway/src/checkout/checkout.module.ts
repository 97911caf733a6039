import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { CheckoutController } from './checkout.controller';

@Module({ imports: [ClientsModule], controllers: [CheckoutController] })
export class CheckoutModule {}
