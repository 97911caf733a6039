import { buildSessionBody } from './session-body';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('buildSessionBody', () => {
  afterEach(() => jest.restoreAllMocks());

  it('builds sessions in the format of docs/API.md#load-generator-instabook', () => {
    const sessions = Array.from({ length: 500 }, () => buildSessionBody());
    for (const session of sessions) {
      expect(Object.keys(session).sort()).toEqual([
        'booking_id',
        'data',
        'id',
        'status',
        'user_id',
      ]);
      expect(session.id).toMatch(UUID_V4);
      expect(session.user_id).toMatch(/^user-([1-9]|1[0-9]|20)$/);
      expect(session.booking_id).toMatch(/^BK-[0-9A-F]{8}$/);
      expect(['pending', 'confirmed', 'processing']).toContain(session.status);
      expect(session.data).toMatch(/^Booking for (flight|hotel|car|package) - [1-5] items$/);
    }
    expect(new Set(sessions.map((session) => session.id)).size).toBe(sessions.length);
    expect(new Set(sessions.map((session) => session.status)).size).toBe(3);
  });

  it('reaches the first user, kind and count on the lowest rolls', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    expect(buildSessionBody()).toMatchObject({
      user_id: 'user-1',
      status: 'pending',
      data: 'Booking for flight - 1 items',
    });
  });

  it('reaches the last user, kind and count on the highest rolls', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    expect(buildSessionBody()).toMatchObject({
      user_id: 'user-20',
      status: 'processing',
      data: 'Booking for package - 5 items',
    });
  });
});
