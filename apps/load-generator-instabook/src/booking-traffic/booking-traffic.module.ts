import { Module } from '@nestjs/common';
import { BookingTrafficService } from './booking-traffic.service';

@Module({
  providers: [BookingTrafficService],
})
export class BookingTrafficModule {}
