import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { BookingTrafficModule } from './booking-traffic/booking-traffic.module';
import { loadGeneratorInstabookConfig } from './config/load-generator-instabook.config';

@Module({
  imports: [
    CoreModule.forRoot({
      service: 'load-generator-instabook',
      config: [loadGeneratorInstabookConfig],
    }),
    BookingTrafficModule,
  ],
})
export class AppModule {}
