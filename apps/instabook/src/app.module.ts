import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { BookingModule } from './booking/booking.module';

@Module({
  imports: [
    CoreModule.forRoot({
      service: 'instabook',
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
