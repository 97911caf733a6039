import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadGeneratorInstabookConfig } from '@app/config';
import { BookingTrafficService } from './booking-traffic.service';

@Module({
  imports: [ConfigModule.forFeature(loadGeneratorInstabookConfig)],
  providers: [BookingTrafficService],
})
export class BookingTrafficModule {}
