import { Module } from '@nestjs/common';
import { trafficMetricsProviders } from '@app/load';
import { BookingTrafficService } from './booking-traffic.service';

@Module({
  providers: [BookingTrafficService, ...trafficMetricsProviders('load-generator-instabook')],
})
export class BookingTrafficModule {}
