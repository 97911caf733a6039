import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { BookingTrafficModule } from './booking-traffic/booking-traffic.module';

@Module({
  imports: [CoreModule.forRoot({ service: 'load-generator-instabook' }), BookingTrafficModule],
})
export class AppModule {}
