import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';

@Module({
  imports: [ClientsModule],
  controllers: [ProductsController],
  providers: [ProductsService],
})
export class ProductsModule {}
