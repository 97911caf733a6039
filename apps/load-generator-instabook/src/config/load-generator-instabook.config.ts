import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsNumber, Max, Min } from 'class-validator';
import { IsServiceUrl, defaultUrlOf, loadEnv } from '@app/config';

class LoadGeneratorInstabookEnv {
  @IsServiceUrl() INSTABOOK_SERVICE = defaultUrlOf('instabook');
  @Type(() => Number) @IsNumber() @Min(0) @Max(3_600) DELAY_BETWEEN_REQUESTS = 3.0;
}

export const loadGeneratorInstabookConfig = registerAs('loadGeneratorInstabook', () => {
  const env = loadEnv(LoadGeneratorInstabookEnv);
  return {
    instabookUrl: env.INSTABOOK_SERVICE,
    delayBetweenRequestsSeconds: env.DELAY_BETWEEN_REQUESTS,
  };
});
