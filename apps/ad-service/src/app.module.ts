import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { AdsModule } from './ads/ads.module';

@Module({
  imports: [
    CoreModule.forRoot({
      service: 'ad-service',
      requestMetrics: {
        counter: 'ad_service_request_count',
        statusLabel: 'status',
        histogram: 'ad_service_response_time',
      },
    }),
    AdsModule,
  ],
})
export class AppModule {}
