import type { Order } from './order.interface';
import { OrderStore } from './order.store';

function order(id: string): Order {
  return {
    order_id: id,
    user_id: 'user-1',
    user_currency: 'USD',
    address: 'somewhere',
    email: 'user1@example.com',
    products: [],
    total: 0,
    status: 'PROCESSED',
    timestamp: new Date(0).toISOString(),
  };
}

function storeOf(max: number): OrderStore {
  return new OrderStore({ productCatalogUrl: '', currencyUrl: '', orderStoreMax: max });
}

describe('OrderStore', () => {
  it('finds what it saved', () => {
    const store = storeOf(10);
    store.save(order('a'));
    expect(store.find('a')).toEqual(order('a'));
    expect(store.find('b')).toBeUndefined();
  });

  it('evicts the oldest orders first, keeping exactly the newest max', () => {
    const store = storeOf(3);
    ['a', 'b', 'c', 'd', 'e'].forEach((id) => store.save(order(id)));
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => store.find(id) !== undefined)).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it('holds a single order when the bound is one', () => {
    const store = storeOf(1);
    store.save(order('a'));
    store.save(order('b'));
    expect(store.find('a')).toBeUndefined();
    expect(store.find('b')).toBeDefined();
  });

  it('does not inherit keys of Object.prototype', () => {
    expect(storeOf(1).find('__proto__')).toBeUndefined();
    expect(storeOf(1).find('constructor')).toBeUndefined();
  });
});
