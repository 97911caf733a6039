import type { ConfigType } from '@nestjs/config';
import type { instabookCacheConfig } from '../config/instabook-cache.config';
import type { Session } from '@app/contracts';
import type { Clock } from './clock';
import { SessionStore } from './session.store';

function session(id: string, data = `data of ${id}`): Session {
  return {
    id,
    user_id: 'user-1',
    booking_id: 'BK-0000ABCD',
    status: 'pending',
    data,
    created_at: '2024-01-01T00:00:00.000Z',
  };
}

describe('SessionStore', () => {
  let time: number;
  const clock: Clock = { now: () => time };

  function store(sessionStoreMax = 3, sessionTtlSeconds = 60): SessionStore {
    const config: ConfigType<typeof instabookCacheConfig> = { sessionStoreMax, sessionTtlSeconds };
    return new SessionStore(config, clock);
  }

  beforeEach(() => {
    time = 1_000_000;
  });

  it('finds what it stored and nothing else', () => {
    const sessions = store();
    sessions.save(session('a'));
    expect(sessions.find('a')).toEqual(session('a'));
    expect(sessions.find('b')).toBeUndefined();
  });

  it('replaces a session posted again under the same id', () => {
    const sessions = store();
    sessions.save(session('a', 'first'));
    sessions.save(session('a', 'second'));
    expect(sessions.find('a')?.data).toBe('second');
    expect(sessions.size).toBe(1);
  });

  it('evicts the oldest session when over its size bound', () => {
    const sessions = store(3);
    for (const id of ['a', 'b', 'c', 'd']) sessions.save(session(id));
    expect(sessions.size).toBe(3);
    expect(sessions.find('a')).toBeUndefined();
    expect(sessions.find('d')).toBeDefined();
  });

  it('counts a replaced session as the newest when evicting', () => {
    const sessions = store(3);
    for (const id of ['a', 'b', 'c']) sessions.save(session(id));
    sessions.save(session('a', 'again'));
    sessions.save(session('d'));
    expect(sessions.find('b')).toBeUndefined();
    expect(sessions.find('a')?.data).toBe('again');
  });

  it('serves a session until its TTL and never after, purging it on access', () => {
    const sessions = store(3, 60);
    sessions.save(session('a'));
    time += 59_999;
    expect(sessions.find('a')).toBeDefined();
    time += 1;
    expect(sessions.find('a')).toBeUndefined();
    expect(sessions.size).toBe(0);
  });

  it('restarts the age of a session posted again', () => {
    const sessions = store(3, 60);
    sessions.save(session('a'));
    time += 50_000;
    sessions.save(session('a'));
    time += 50_000;
    expect(sessions.find('a')).toBeDefined();
  });

  it('purges only the expired sessions', () => {
    const sessions = store(10, 60);
    sessions.save(session('old-1'));
    sessions.save(session('old-2'));
    time += 30_000;
    sessions.save(session('fresh'));
    time += 30_000;
    expect(sessions.purgeExpired()).toBe(2);
    expect(sessions.size).toBe(1);
    expect(sessions.find('fresh')).toBeDefined();
  });

  describe('periodic sweep', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('purges expired sessions without any access, until the module is destroyed', () => {
      const sessions = store(10, 5);
      sessions.onModuleInit();
      sessions.save(session('a'));
      time += 5_000;
      jest.advanceTimersByTime(5_000);
      expect(sessions.size).toBe(0);

      sessions.onModuleDestroy();
      sessions.save(session('b'));
      time += 5_000;
      jest.advanceTimersByTime(60_000);
      expect(sessions.size).toBe(1);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('never keeps the process alive', () => {
      const setIntervalSpy = jest.spyOn(global, 'setInterval');
      const sessions = store();
      sessions.onModuleInit();
      const timer = setIntervalSpy.mock.results[0].value as NodeJS.Timeout;
      expect(timer.hasRef()).toBe(false);
      sessions.onModuleDestroy();
      setIntervalSpy.mockRestore();
    });
  });
});
