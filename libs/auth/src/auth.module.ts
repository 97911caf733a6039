import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { instabookTokenConfig } from './instabook-token.config';
import { authFailuresCounter, tokenAuthEnabledGauge } from './auth.metrics';
import { BearerTokenGuard } from './bearer-token.guard';
import { TokenAuthState } from './token-auth.state';

@Module({
  imports: [ConfigModule.forFeature(instabookTokenConfig)],
  providers: [TokenAuthState, BearerTokenGuard, authFailuresCounter, tokenAuthEnabledGauge],
  // the counter too: @UseGuards(BearerTokenGuard) builds the guard in the importing module
  exports: [TokenAuthState, BearerTokenGuard, ConfigModule, authFailuresCounter],
})
export class AuthModule {}
