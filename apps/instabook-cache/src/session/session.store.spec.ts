import type { Session } from '@app/contracts';
import { SessionStore } from './session.store';

// How a bounded store behaves is BoundedStore's spec (libs/core); this one checks the wiring.

function session(id: string): Session {
  return {
    id,
    user_id: 'user-1',
    booking_id: 'BK-0000ABCD',
    status: 'pending',
    data: `data of ${id}`,
    created_at: '2024-01-01T00:00:00.000Z',
  };
}

describe('SessionStore', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2024-01-01T00:00:00.000Z') }));
  afterEach(() => jest.useRealTimers());

  it('holds SESSION_STORE_MAX sessions by id, each for SESSION_TTL_SECONDS', () => {
    const sessions = new SessionStore({ sessionStoreMax: 2, sessionTtlSeconds: 60 });
    for (const id of ['a', 'b', 'c']) sessions.save(session(id));
    expect(sessions.find('a')).toBeUndefined();
    expect(sessions.find('b')).toEqual(session('b'));
    jest.advanceTimersByTime(59_999);
    expect(sessions.find('c')).toEqual(session('c'));
    jest.advanceTimersByTime(1);
    expect(sessions.find('c')).toBeUndefined();
  });
});
