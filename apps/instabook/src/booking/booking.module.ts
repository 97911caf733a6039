import { Module } from '@nestjs/common';
import { CacheClient } from '../clients/cache.client';
import { cacheErrorsCounter } from '../clients/cache-errors.metric';
import { BookingController } from './booking.controller';

@Module({
  controllers: [BookingController],
  providers: [CacheClient, cacheErrorsCounter],
})
export class BookingModule {}
