import { registerAs } from '@nestjs/config';
import { IsServiceUrl, defaultUrlOf, loadEnv } from '@app/config';

class InstabookEnv {
  @IsServiceUrl() INSTABOOK_CACHE_SERVICE = defaultUrlOf('instabook-cache');
}

export const instabookConfig = registerAs('instabook', () => ({
  cacheUrl: loadEnv(InstabookEnv).INSTABOOK_CACHE_SERVICE,
}));
