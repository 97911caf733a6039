import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  AUTH_FAILURE_MESSAGE,
  ApiErrorResponses,
  SessionDto,
  SessionInputDto,
  type Session,
} from '@app/contracts';
import { CacheClient } from '../clients/cache.client';

const CACHE_FAILED =
  `\`${AUTH_FAILURE_MESSAGE}\` (the cache refused the token), or \`Internal service error\` ` +
  '(the cache failed or could not be reached)';

/** Booking sessions live in instabook-cache; this service validates and relays them. */
@ApiTags('booking')
@Controller('booking')
export class BookingController {
  constructor(private readonly cache: CacheClient) {}

  @Post('session')
  @ApiOperation({ summary: 'Create a booking session (stored in instabook-cache)' })
  @ApiCreatedResponse({ type: SessionDto, description: 'The stored session' })
  @ApiErrorResponses({
    400: '`Invalid session data`, answered without calling the cache',
    500: CACHE_FAILED,
  })
  create(@Body() body: SessionInputDto): Promise<Session> {
    return this.cache.createSession(body);
  }

  @Get('session/:id')
  @ApiOperation({ summary: 'A booking session (read from instabook-cache)' })
  @ApiParam({ name: 'id', example: 'a3c1e5f0-7b2d-4e8a-9c6f-1d2e3f4a5b6c' })
  @ApiOkResponse({ type: SessionDto, description: 'The session' })
  @ApiErrorResponses({ 404: '`Session not found`', 500: CACHE_FAILED })
  get(@Param('id') id: string): Promise<Session> {
    return this.cache.getSession(id);
  }
}
