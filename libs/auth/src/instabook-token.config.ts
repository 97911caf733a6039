import { registerAs } from '@nestjs/config';
import { IsNotEmpty, IsString } from 'class-validator';
import { loadEnv } from '@app/config';

class InstabookTokenEnv {
  @IsString() @IsNotEmpty() INSTABOOK_API_TOKEN = 'instabook-secret-token-2024';
}

/**
 * The shared secret both ends of the instabook → instabook-cache call agree on: the cache's
 * guard checks it, instabook's client sends it. It lives with the guard, in the one lib both
 * apps may import, so the two ends cannot read it differently.
 */
export const instabookTokenConfig = registerAs('instabookToken', () => ({
  token: loadEnv(InstabookTokenEnv).INSTABOOK_API_TOKEN,
}));
