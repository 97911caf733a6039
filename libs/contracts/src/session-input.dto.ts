import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { InvalidBodyMessage } from './body-messages';
import { INVALID_SESSION_DATA, SessionInput } from './instabook';

/**
 * A booking session as clients send it, to instabook and from instabook to the cache: both
 * check it with these rules, so a bad body is refused before any call downstream. Any
 * broken rule answers the contract's single message; the limits keep a stored entry small.
 */
@InvalidBodyMessage(INVALID_SESSION_DATA)
export class SessionInputDto implements SessionInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  @Matches(/^[\w.:-]+$/)
  id!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  user_id!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  booking_id!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  status!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  data!: string;
}
