export const SESSION_STATUSES = ['pending', 'confirmed', 'processing'] as const;

/** What a client sends to create a booking session. */
export interface SessionInput {
  id: string;
  user_id: string;
  booking_id: string;
  status: string;
  data: string;
}

/** A session as the cache stores it. */
export interface Session extends SessionInput {
  created_at: string;
}

export const INVALID_SESSION_DATA = 'Invalid session data';
export const SESSION_NOT_FOUND = 'Session not found';
export const AUTH_FAILURE_MESSAGE = 'Internal service authentication failure';
