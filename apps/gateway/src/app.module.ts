import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { AppController } from './app.controller';
import { CheckoutModule } from './checkout/checkout.module';
import { ConsoleModule } from './console/console.module';
import { ProductsModule } from './products/products.module';
import { consoleConfig, gatewayConfig } from './config/gateway.config';

@Module({
  imports: [
    // the gateway has only request_count (docs/METRICS.md#service-request-metrics): no latency
    // histogram of its own
    CoreModule.forRoot({
      service: 'gateway',
      config: [gatewayConfig, consoleConfig],
      requestMetrics: { counter: 'request_count', statusLabel: 'http_status' },
    }),
    ProductsModule,
    CheckoutModule,
    ConsoleModule,
  ],
  controllers: [AppController],
})
export class AppModule {}
