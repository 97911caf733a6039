import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadGeneratorInstabookConfig } from '@app/config';
import { trafficMetricsProviders } from '@app/load';
import { BookingTrafficService } from './booking-traffic.service';

@Module({
  imports: [ConfigModule.forFeature(loadGeneratorInstabookConfig)],
  providers: [BookingTrafficService, ...trafficMetricsProviders('load_generator_instabook')],
})
export class BookingTrafficModule {}
