import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { instabookTokenConfig } from '@app/config';
import { BearerTokenGuard } from './bearer-token.guard';
import { TokenAuthState } from './token-auth.state';

@Module({
  imports: [ConfigModule.forFeature(instabookTokenConfig)],
  providers: [TokenAuthState, BearerTokenGuard],
  exports: [TokenAuthState, BearerTokenGuard, ConfigModule],
})
export class AuthModule {}
