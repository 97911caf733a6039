import { sample } from './random';

describe('sample', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];

  it('picks `count` distinct items of the list, leaving the list as it was', () => {
    for (let run = 0; run < 50; run++) {
      const picked = sample(items, 3);
      expect(picked).toHaveLength(3);
      expect(new Set(picked).size).toBe(3);
      picked.forEach((item) => expect(items).toContain(item));
    }
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('gives every item when asked for more than there are', () => {
    expect(sample(items, 9).sort()).toEqual(items);
    expect(sample([], 3)).toEqual([]);
  });

  it('reaches every order of the items', () => {
    const seen = new Set<string>();
    for (let run = 0; run < 2_000; run++) seen.add(sample(['x', 'y', 'z'], 3).join(''));
    expect(seen.size).toBe(6);
  });
});
