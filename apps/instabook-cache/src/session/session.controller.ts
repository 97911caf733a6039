import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AUTH_MESSAGES, BearerTokenGuard } from '@app/auth';
import { ApiErrorResponses, SessionDto, SessionInputDto, type Session } from '@app/contracts';
import { SessionService } from './session.service';

@ApiTags('sessions')
@ApiBearerAuth()
@ApiErrorResponses({
  401: `Refused by the token check, in this order: ${Object.values(AUTH_MESSAGES)
    .map((message) => `\`${message}\``)
    .join(', ')}`,
})
@Controller('cache')
@UseGuards(BearerTokenGuard)
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @Post('session')
  @ApiOperation({ summary: 'Store a booking session' })
  @ApiCreatedResponse({ type: SessionDto, description: 'The stored session' })
  @ApiErrorResponses({ 400: '`Invalid session data`' })
  create(@Body() body: SessionInputDto): Session {
    return this.sessions.create(body);
  }

  @Get('session/:id')
  @ApiOperation({ summary: 'A stored session' })
  @ApiParam({ name: 'id', example: 'a3c1e5f0-7b2d-4e8a-9c6f-1d2e3f4a5b6c' })
  @ApiOkResponse({ type: SessionDto, description: 'The session' })
  @ApiErrorResponses({ 404: '`Session not found` (also once expired or evicted)' })
  get(@Param('id') id: string): Session {
    return this.sessions.get(id);
  }
}
