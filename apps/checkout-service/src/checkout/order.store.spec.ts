import type { Order } from '@app/contracts';
import { OrderStore } from './order.store';

// How a bounded store behaves is BoundedStore's spec (libs/core); this one checks the wiring.

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

describe('OrderStore', () => {
  afterEach(() => jest.useRealTimers());

  it('holds ORDER_STORE_MAX orders by order_id, for as long as they are not evicted', () => {
    jest.useFakeTimers({ now: 0 });
    const store = new OrderStore({ productCatalogUrl: '', currencyUrl: '', orderStoreMax: 2 });
    ['a', 'b', 'c'].forEach((id) => store.save(order(id)));
    jest.advanceTimersByTime(365 * 24 * 3_600_000);
    expect(['a', 'b', 'c'].map((id) => store.find(id))).toEqual([
      undefined,
      order('b'),
      order('c'),
    ]);
  });
});
