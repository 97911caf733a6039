import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { SessionInputDto, type Session } from '@app/contracts';
import { CacheClient } from '../clients/cache.client';

/** Booking sessions live in instabook-cache; this service validates and relays them. */
@Controller('booking')
export class BookingController {
  constructor(private readonly cache: CacheClient) {}

  @Post('session')
  create(@Body() body: SessionInputDto): Promise<Session> {
    return this.cache.createSession(body);
  }

  @Get('session/:id')
  get(@Param('id') id: string): Promise<Session> {
    return this.cache.getSession(id);
  }
}
