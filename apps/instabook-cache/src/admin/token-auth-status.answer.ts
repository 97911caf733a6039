import { ApiProperty } from '@nestjs/swagger';
import type { TokenAuthStatus } from './admin.service';

/** {@link TokenAuthStatus} as the API docs show it. */
export class TokenAuthStatusDto implements TokenAuthStatus {
  @ApiProperty({ example: true })
  enabled!: boolean;
}
