import { randomBytes, randomUUID } from 'node:crypto';
import { SESSION_STATUSES, SessionInput } from '@app/contracts';
import { pick, randomInt } from '@app/load';

const BOOKING_KINDS = ['flight', 'hotel', 'car', 'package'] as const;

/** A new booking session as a client of instabook would send it. */
export function buildSessionBody(): SessionInput {
  return {
    id: randomUUID(),
    user_id: `user-${randomInt(1, 20)}`,
    booking_id: `BK-${randomBytes(4).toString('hex').toUpperCase()}`,
    status: pick(SESSION_STATUSES),
    data: `Booking for ${pick(BOOKING_KINDS)} - ${randomInt(1, 5)} items`,
  };
}
