import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { CheckoutModule } from './checkout/checkout.module';
import { checkoutConfig } from './config/checkout.config';

@Module({
  imports: [
    CoreModule.forRoot({
      service: 'checkout-service',
      config: [checkoutConfig],
      requestMetrics: {
        counter: 'checkout_request_count',
        statusLabel: 'http_status',
        histogram: 'checkout_request_latency_seconds',
      },
    }),
    CheckoutModule,
  ],
})
export class AppModule {}
