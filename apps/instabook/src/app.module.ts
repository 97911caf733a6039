import { Module } from '@nestjs/common';
import { instabookTokenConfig } from '@app/auth';
import { CoreModule } from '@app/core';
import { BookingModule } from './booking/booking.module';
import { instabookConfig } from './config/instabook.config';

@Module({
  imports: [
    CoreModule.forRoot({
      service: 'instabook',
      config: [instabookConfig, instabookTokenConfig],
      requestMetrics: {
        counter: 'instabook_request_count',
        statusLabel: 'status',
        histogram: 'instabook_response_time',
      },
    }),
    BookingModule,
  ],
})
export class AppModule {}
