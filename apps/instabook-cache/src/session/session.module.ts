import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { Clock } from './clock';
import { SessionController } from './session.controller';
import { SessionService } from './session.service';
import { SessionStore } from './session.store';

@Module({
  imports: [AuthModule],
  controllers: [SessionController],
  providers: [Clock, SessionStore, SessionService],
})
export class SessionModule {}
