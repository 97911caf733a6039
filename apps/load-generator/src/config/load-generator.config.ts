import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsNumber, Max, Min } from 'class-validator';
import { IsServiceUrl, defaultUrlOf, loadEnv } from '@app/config';

class LoadGeneratorEnv {
  @IsServiceUrl() GATEWAY_SERVICE = defaultUrlOf('gateway');
  @Type(() => Number) @IsNumber() @Min(0) @Max(3_600) DELAY_BETWEEN_USERS = 2.0;
}

export const loadGeneratorConfig = registerAs('loadGenerator', () => {
  const env = loadEnv(LoadGeneratorEnv);
  return { gatewayUrl: env.GATEWAY_SERVICE, delayBetweenUsersSeconds: env.DELAY_BETWEEN_USERS };
});
