import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { CurrencyModule } from './currency/currency.module';

@Module({
  imports: [
    CoreModule.forRoot({
      service: 'currency-service',
      requestMetrics: {
        counter: 'currency_request_count',
        statusLabel: 'http_status',
        histogram: 'currency_request_latency_seconds',
      },
    }),
    CurrencyModule,
  ],
})
export class AppModule {}
