import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AuthModule } from '@app/auth';
import { instabookCacheConfig } from '@app/config';
import { Clock } from './clock';
import { SessionController } from './session.controller';
import { SessionService } from './session.service';
import { SessionStore } from './session.store';

@Module({
  imports: [AuthModule, ConfigModule.forFeature(instabookCacheConfig)],
  controllers: [SessionController],
  providers: [Clock, SessionStore, SessionService],
})
export class SessionModule {}
