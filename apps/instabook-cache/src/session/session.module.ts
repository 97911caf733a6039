import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { SessionController } from './session.controller';
import { SessionService } from './session.service';
import { SessionStore } from './session.store';

@Module({
  imports: [AuthModule],
  controllers: [SessionController],
  providers: [SessionStore, SessionService],
})
export class SessionModule {}
