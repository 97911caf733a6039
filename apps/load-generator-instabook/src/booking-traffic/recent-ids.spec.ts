import { RecentIds } from './recent-ids';

describe('RecentIds', () => {
  afterEach(() => jest.restoreAllMocks());

  it('has nothing to pick while empty', () => {
    expect(new RecentIds(3).pick()).toBeUndefined();
  });

  it('picks among the kept ids', () => {
    const ids = new RecentIds(3);
    ids.add('a');
    ids.add('b');
    const picked = new Set(Array.from({ length: 200 }, () => ids.pick()));
    expect(picked).toEqual(new Set(['a', 'b']));
  });

  it('keeps only the newest ids, dropping the oldest first', () => {
    const ids = new RecentIds(50);
    for (let i = 1; i <= 51; i++) ids.add(`id-${i}`);
    const random = jest.spyOn(Math, 'random');
    random.mockReturnValue(0);
    expect(ids.pick()).toBe('id-2');
    random.mockReturnValue(0.9999);
    expect(ids.pick()).toBe('id-51');
    random.mockRestore();
    const picked = new Set(Array.from({ length: 2_000 }, () => ids.pick()));
    expect(picked.size).toBe(50);
    expect(picked.has('id-1')).toBe(false);
  });
});
