import { NotFoundException } from '@nestjs/common';
import type { SessionInput } from '@app/contracts';
import { SessionService } from './session.service';
import { SessionStore } from './session.store';

const input: SessionInput = {
  id: 'session-1',
  user_id: 'user-7',
  booking_id: 'BK-1A2B3C4D',
  status: 'confirmed',
  data: 'Booking for hotel - 2 items',
};

describe('SessionService', () => {
  let service: SessionService;

  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2024-05-06T07:08:09.010Z') });
    service = new SessionService(new SessionStore({ sessionStoreMax: 10, sessionTtlSeconds: 60 }));
  });

  afterEach(() => jest.useRealTimers());

  it('stamps a new session with the cache time in ISO 8601', () => {
    expect(service.create(input)).toEqual({ ...input, created_at: '2024-05-06T07:08:09.010Z' });
  });

  it('keeps only the session fields of what it is given', () => {
    const withExtras = { ...input, created_at: 'forged', admin: true } as SessionInput;
    expect(Object.keys(service.create(withExtras))).toEqual([
      'id',
      'user_id',
      'booking_id',
      'status',
      'data',
      'created_at',
    ]);
    expect(service.get(input.id).created_at).toBe('2024-05-06T07:08:09.010Z');
  });

  it('returns a stored session', () => {
    const created = service.create(input);
    expect(service.get(input.id)).toEqual(created);
  });

  it('answers Session not found for an unknown or expired id', () => {
    expect(() => service.get('nope')).toThrow(new NotFoundException('Session not found'));
    service.create(input);
    jest.advanceTimersByTime(60_000);
    expect(() => service.get(input.id)).toThrow(new NotFoundException('Session not found'));
  });
});
