import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { InvalidBodyMessage } from './body-messages';
import { INVALID_SESSION_DATA, SESSION_STATUSES, SessionInput } from './instabook';

/**
 * A booking session as clients send it, to instabook and from instabook to the cache: both
 * check it with these rules, so a bad body is refused before any call downstream. Any
 * broken rule answers the one message `Invalid session data` (docs/API.md#instabook-cache);
 * the limits keep a stored entry small.
 */
@InvalidBodyMessage(INVALID_SESSION_DATA)
export class SessionInputDto implements SessionInput {
  @ApiProperty({
    maxLength: 128,
    pattern: '^[\\w.:-]+$',
    example: 'a3c1e5f0-7b2d-4e8a-9c6f-1d2e3f4a5b6c',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  @Matches(/^[\w.:-]+$/)
  id!: string;

  @ApiProperty({ maxLength: 128, example: 'user-7' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  user_id!: string;

  @ApiProperty({ maxLength: 128, example: 'BK-1A2B3C4D' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  booking_id!: string;

  @ApiProperty({
    maxLength: 64,
    description: `Any text; the load generator sends ${SESSION_STATUSES.join(', ')}`,
    example: 'pending',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  status!: string;

  @ApiProperty({ maxLength: 4096, example: 'Booking for hotel - 2 items' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  data!: string;
}
