import fc from 'fast-check';
import { buildCheckoutBody } from './checkout-body';
import { USERS } from './users.data';

/** The addresses of docs/API.md#shoppers-and-addresses, written out apart from users.data.ts. */
const DOCUMENTED_ADDRESSES = [
  { street: '123 Main St', city: 'New York', state: 'NY', country: 'USA', zip: '10001' },
  { street: '456 Market St', city: 'San Francisco', state: 'CA', country: 'USA', zip: '94103' },
  { street: '789 King St', city: 'London', country: 'UK', zip: 'SW1A 1AA' },
  { street: '321 Queen St', city: 'Toronto', state: 'ON', country: 'Canada', zip: 'M5V 2A9' },
  { street: '654 Tokyo Ave', city: 'Tokyo', country: 'Japan', zip: '100-0001' },
];

describe('users.data', () => {
  it('has user-1…user-10 with user1@example.com…user10@example.com', () => {
    expect(USERS.map((user) => user.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `user-${i + 1}`),
    );
    expect(USERS.map((user) => user.email)).toEqual(
      Array.from({ length: 10 }, (_, i) => `user${i + 1}@example.com`),
    );
  });
});

describe('buildCheckoutBody', () => {
  afterEach(() => jest.restoreAllMocks());

  const productIds = fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), {
    minLength: 1,
    maxLength: 8,
  });
  const limits = fc.record({
    maxItems: fc.integer({ min: 1, max: 3 }),
    maxQuantity: fc.integer({ min: 1, max: 3 }),
  });

  it('builds a valid basket of distinct listed products for any listing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...USERS), productIds, limits, (user, ids, basket) => {
        const body = buildCheckoutBody(user, ids, basket);
        expect(Object.keys(body).sort()).toEqual([
          'address',
          'email',
          'items',
          'user_currency',
          'user_id',
        ]);
        expect(body.user_id).toBe(user.id);
        expect(body.email).toBe(user.email);
        expect(['USD', 'EUR', 'GBP', 'JPY', 'CAD']).toContain(body.user_currency);
        expect(DOCUMENTED_ADDRESSES).toContainEqual(body.address);
        expect(body.items.length).toBeGreaterThanOrEqual(1);
        expect(body.items.length).toBeLessThanOrEqual(Math.min(basket.maxItems, ids.length));
        const chosen = body.items.map((item) => item.product_id);
        expect(new Set(chosen).size).toBe(chosen.length);
        for (const item of body.items) {
          expect(ids).toContain(item.product_id);
          expect(Number.isInteger(item.quantity)).toBe(true);
          expect(item.quantity).toBeGreaterThanOrEqual(1);
          expect(item.quantity).toBeLessThanOrEqual(basket.maxQuantity);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reaches the largest basket and quantity on the highest rolls', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    const body = buildCheckoutBody(USERS[0], [1, 2, 3, 4, 5], { maxItems: 3, maxQuantity: 3 });
    expect(body.items).toHaveLength(3);
    expect(body.items.every((item) => item.quantity === 3)).toBe(true);
    expect(body.user_currency).toBe('CAD');
    expect(body.address).toEqual(DOCUMENTED_ADDRESSES[4]);
  });

  it('uses the smallest basket and quantity on the lowest rolls', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const body = buildCheckoutBody(USERS[9], [7, 8], { maxItems: 2, maxQuantity: 2 });
    expect(body).toEqual({
      user_id: 'user-10',
      user_currency: 'USD',
      address: DOCUMENTED_ADDRESSES[0],
      email: 'user10@example.com',
      items: [{ product_id: 8, quantity: 1 }],
    });
  });
});
