import { NotFoundException } from '@nestjs/common';
import fc from 'fast-check';
import { ADS } from './ads.data';
import { AdsService, parseProductIds } from './ads.service';

const ids = (ads: { id: string }[]) => ads.map((ad) => ad.id);

describe('parseProductIds', () => {
  it('keeps plain integers, tolerating spaces around them', () => {
    expect(parseProductIds(' 1, 2 ,3')).toEqual(new Set([1, 2, 3]));
  });

  it.each(['abc', '1.5', '-1', '0x2', '1e0', '', ' ', ',,', '2 3', '+4'])(
    'ignores the entry %j',
    (entry) => {
      expect(parseProductIds(`${entry},5`)).toEqual(new Set([5]));
    },
  );

  it('reads leading zeros as the same id', () => {
    expect(parseProductIds('007')).toEqual(new Set([7]));
  });

  it('only ever yields safe non-negative integers from digit runs', () => {
    fc.assert(
      fc.property(fc.string(), (list) => {
        for (const id of parseProductIds(list)) {
          expect(Number.isInteger(id) && id >= 0).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('AdsService', () => {
  const service = new AdsService();

  it('selects the ads of the listed products, in catalogue order', () => {
    expect(ids(service.select({ productIds: '5,3,1' }))).toEqual(['ad1', 'ad3', 'ad5']);
  });

  it('falls back to general ads when no listed product has an ad', () => {
    expect(ids(service.select({ productIds: '42,abc' }))).toEqual(['ad6']);
    expect(ids(service.select({ productIds: ',,' }))).toEqual(['ad6']);
  });

  it('prefers product ids over category', () => {
    expect(ids(service.select({ productIds: '4', category: 'Audio' }))).toEqual(['ad4']);
  });

  it('uses the category when product ids are empty', () => {
    expect(ids(service.select({ productIds: ' ', category: 'Audio' }))).toEqual(['ad3', 'ad5']);
  });

  it('matches categories exactly', () => {
    expect(ids(service.select({ category: 'Electronics' }))).toEqual(['ad1', 'ad2']);
    expect(service.select({ category: 'audio' })).toEqual([]);
  });

  it('picks three distinct ads at random without criteria', () => {
    const seen = new Set<string>();
    for (let run = 0; run < 200; run++) {
      const picked = ids(service.select({}));
      expect(picked).toHaveLength(3);
      expect(new Set(picked).size).toBe(3);
      picked.forEach((id) => seen.add(id));
    }
    expect(seen).toEqual(new Set(ids([...ADS])));
  });

  it('returns one ad by id', () => {
    expect(service.get('ad3')).toMatchObject({ id: 'ad3', product_id: 3, category: 'Audio' });
  });

  it.each(['ad7', 'AD1', '', '../../x'])('throws NotFound for %j', (id) => {
    expect(() => service.get(id)).toThrow(new NotFoundException('Ad not found'));
  });
});
