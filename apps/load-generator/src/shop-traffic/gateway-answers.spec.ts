import fc from 'fast-check';
import { orderIdFrom, productIdsFrom } from './gateway-answers';

describe('productIdsFrom', () => {
  it('reads the ids of the gateway product list', () => {
    expect(productIdsFrom({ products: [{ id: 3 }, { id: 5, name: 'x' }], ads: [] })).toEqual([
      3, 5,
    ]);
    expect(productIdsFrom({ products: [], ads: [] })).toEqual([]);
  });

  it('skips entries without an integer id', () => {
    expect(
      productIdsFrom({ products: [{ id: '1' }, null, 7, { id: 1.5 }, { id: 2 }, { name: 'x' }] }),
    ).toEqual([2]);
  });

  it.each([
    null,
    undefined,
    'text',
    42,
    [],
    { products: null },
    { products: { id: 1 } },
    [{ id: 1 }],
  ])('answers undefined for a body without a product list: %p', (data) => {
    expect(productIdsFrom(data)).toBeUndefined();
  });

  it('never throws and only ever yields integers, whatever comes back', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), fc.record({ products: fc.array(fc.anything()) })),
        (data) => {
          const ids = productIdsFrom(data);
          if (ids !== undefined) expect(ids.every((id) => Number.isSafeInteger(id))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('orderIdFrom', () => {
  it('reads the order id of a checkout answer', () => {
    expect(orderIdFrom({ order_id: 'abc', total: 1, currency: 'USD', status: 'PROCESSED' })).toBe(
      'abc',
    );
  });

  it.each([null, 'abc', { order_id: 7 }, {}])('answers undefined for %p', (data) => {
    expect(orderIdFrom(data)).toBeUndefined();
  });
});
