import { BoundedStore } from './bounded-store';

interface Item {
  id: string;
  data: string;
}

function item(id: string, data = `data of ${id}`): Item {
  return { id, data };
}

function storeOf(max: number, ttlSeconds?: number): BoundedStore<Item> {
  return new BoundedStore<Item>({
    max,
    ttlMs: ttlSeconds === undefined ? undefined : ttlSeconds * 1000,
    keyOf: (value) => value.id,
  });
}

describe('BoundedStore', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2024-01-01T00:00:00.000Z') }));
  afterEach(() => jest.useRealTimers());

  it('finds what it stored and nothing else', () => {
    const store = storeOf(3);
    store.save(item('a'));
    expect(store.find('a')).toEqual(item('a'));
    expect(store.find('b')).toBeUndefined();
  });

  it('replaces a value saved again under the same key', () => {
    const store = storeOf(3);
    store.save(item('a', 'first'));
    store.save(item('a', 'second'));
    expect(store.find('a')?.data).toBe('second');
    expect(store.size).toBe(1);
  });

  it('evicts the oldest first, keeping exactly the newest max', () => {
    const store = storeOf(3);
    ['a', 'b', 'c', 'd', 'e'].forEach((id) => store.save(item(id)));
    expect(store.size).toBe(3);
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => store.find(id) !== undefined)).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it('holds a single value when the bound is one', () => {
    const store = storeOf(1);
    store.save(item('a'));
    store.save(item('b'));
    expect(store.find('a')).toBeUndefined();
    expect(store.find('b')).toBeDefined();
  });

  it('counts a replaced value as the newest when evicting', () => {
    const store = storeOf(3);
    for (const id of ['a', 'b', 'c']) store.save(item(id));
    store.save(item('a', 'again'));
    store.save(item('d'));
    expect(store.find('b')).toBeUndefined();
    expect(store.find('a')?.data).toBe('again');
  });

  it('does not count a read as use when evicting', () => {
    const store = storeOf(3);
    for (const id of ['a', 'b', 'c']) store.save(item(id));
    expect(store.find('a')).toBeDefined();
    store.save(item('d'));
    expect(store.find('a')).toBeUndefined();
    expect(store.find('b')).toBeDefined();
  });

  it('does not inherit keys of Object.prototype', () => {
    expect(storeOf(1).find('__proto__')).toBeUndefined();
    expect(storeOf(1).find('constructor')).toBeUndefined();
  });

  it('serves a value until its TTL and never after, purging it on access', () => {
    const store = storeOf(3, 60);
    store.save(item('a'));
    jest.advanceTimersByTime(59_999);
    expect(store.find('a')).toBeDefined();
    jest.advanceTimersByTime(1);
    expect(store.find('a')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('keeps values without a TTL until they are evicted', () => {
    const store = storeOf(3);
    store.save(item('a'));
    jest.advanceTimersByTime(365 * 24 * 3_600_000);
    expect(store.find('a')).toBeDefined();
  });

  it('restarts the age of a value saved again', () => {
    const store = storeOf(3, 60);
    store.save(item('a'));
    jest.advanceTimersByTime(50_000);
    store.save(item('a'));
    jest.advanceTimersByTime(50_000);
    expect(store.find('a')).toBeDefined();
  });

  it('purges only the expired values', () => {
    const store = storeOf(10, 60);
    store.save(item('old-1'));
    store.save(item('old-2'));
    jest.advanceTimersByTime(30_000);
    store.save(item('fresh'));
    jest.advanceTimersByTime(30_000);
    expect(store.purgeExpired()).toBe(2);
    expect(store.size).toBe(1);
    expect(store.find('fresh')).toBeDefined();
  });

  it('refuses a TTL it cannot keep to the ms', () => {
    expect(() => new BoundedStore<Item>({ max: 1, ttlMs: 1, keyOf: (value) => value.id })).toThrow(
      RangeError,
    );
    expect(
      () => new BoundedStore<Item>({ max: 1, ttlMs: 1.5, keyOf: (value) => value.id }),
    ).toThrow(RangeError);
  });

  describe('periodic sweep', () => {
    it('purges expired values without any access, until the module is destroyed', () => {
      const store = storeOf(10, 5);
      store.onModuleInit();
      store.save(item('a'));
      jest.advanceTimersByTime(5_000);
      expect(store.size).toBe(0);

      store.onModuleDestroy();
      store.save(item('b'));
      jest.advanceTimersByTime(60_000);
      expect(store.size).toBe(1);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('sweeps at least once a minute, however long the TTL', () => {
      const store = storeOf(10, 3_600);
      store.onModuleInit();
      jest.advanceTimersByTime(30_000);
      store.save(item('a'));
      // expired now, half a minute after the last sweep
      jest.advanceTimersByTime(3_600_000);
      expect(store.size).toBe(1);
      jest.advanceTimersByTime(30_000);
      expect(store.size).toBe(0);
      store.onModuleDestroy();
    });

    it('does not run for a store without a TTL', () => {
      const store = storeOf(10);
      store.onModuleInit();
      expect(jest.getTimerCount()).toBe(0);
      store.onModuleDestroy();
    });

    it('never keeps the process alive', () => {
      const setIntervalSpy = jest.spyOn(global, 'setInterval');
      const store = storeOf(3, 60);
      store.onModuleInit();
      const timer = setIntervalSpy.mock.results[0].value as NodeJS.Timeout;
      expect(timer.hasRef()).toBe(false);
      store.onModuleDestroy();
      setIntervalSpy.mockRestore();
    });
  });
});
