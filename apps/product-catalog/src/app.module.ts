import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { ProductsModule } from './products/products.module';

@Module({
  imports: [
    CoreModule.forRoot({
      service: 'product-catalog',
      requestMetrics: {
        counter: 'product_catalog_request_count',
        statusLabel: 'status',
        histogram: 'product_catalog_response_time',
      },
    }),
    ProductsModule,
  ],
})
export class AppModule {}
