import { Module } from '@nestjs/common';
import { CheckoutClientsModule } from '../clients/clients.module';
import { CheckoutController } from './checkout.controller';
import { CheckoutService } from './checkout.service';
import { orderValueCounter, ordersCounter } from './order.metrics';
import { MemoryLeakScenario } from './memory-leak.scenario';
import { OrderStore } from './order.store';

@Module({
  imports: [CheckoutClientsModule],
  controllers: [CheckoutController],
  providers: [CheckoutService, OrderStore, MemoryLeakScenario, ordersCounter, orderValueCounter],
})
export class CheckoutModule {}
