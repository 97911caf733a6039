import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { loadEnv } from '@app/config';

class InstabookCacheEnv {
  @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) SESSION_STORE_MAX = 10_000;
  @Type(() => Number) @IsInt() @Min(1) @Max(604_800) SESSION_TTL_SECONDS = 3_600;
}

export const instabookCacheConfig = registerAs('instabookCache', () => {
  const env = loadEnv(InstabookCacheEnv);
  return { sessionStoreMax: env.SESSION_STORE_MAX, sessionTtlSeconds: env.SESSION_TTL_SECONDS };
});
