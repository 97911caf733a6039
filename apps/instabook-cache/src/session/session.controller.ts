import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { BearerTokenGuard } from '@app/auth';
import { SessionInputDto, type Session } from '@app/contracts';
import { SessionService } from './session.service';

@Controller('cache')
@UseGuards(BearerTokenGuard)
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @Post('session')
  create(@Body() body: SessionInputDto): Session {
    return this.sessions.create(body);
  }

  @Get('session/:id')
  get(@Param('id') id: string): Session {
    return this.sessions.get(id);
  }
}
