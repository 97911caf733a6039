import { Module } from '@nestjs/common';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';
import { UnhandledRejectionScenario } from './unhandled-rejection.scenario';

@Module({
  controllers: [ProductsController],
  providers: [ProductsService, UnhandledRejectionScenario],
})
export class ProductsModule {}
