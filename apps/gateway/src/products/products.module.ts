import { Module } from '@nestjs/common';
import { GatewayClientsModule } from '../clients/clients.module';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';

@Module({
  imports: [GatewayClientsModule],
  controllers: [ProductsController],
  providers: [ProductsService],
})
export class ProductsModule {}
