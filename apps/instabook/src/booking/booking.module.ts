import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { instabookConfig, instabookTokenConfig } from '@app/config';
import { CacheClient } from '../clients/cache.client';
import { cacheErrorsCounter } from '../clients/cache-errors.metric';
import { BookingController } from './booking.controller';

@Module({
  imports: [
    ConfigModule.forFeature(instabookConfig),
    ConfigModule.forFeature(instabookTokenConfig),
  ],
  controllers: [BookingController],
  providers: [CacheClient, cacheErrorsCounter],
})
export class BookingModule {}
