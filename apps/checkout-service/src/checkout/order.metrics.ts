import { makeCounterProvider } from '@app/metrics';

/** Orders processed, by the user's currency. */
export const ORDERS_METRIC = 'checkout_orders_total';
/** The sum of those orders' totals, in the user's currency: rate() gives revenue per second. */
export const ORDER_VALUE_METRIC = 'checkout_order_value_total';

export const ordersCounter = makeCounterProvider({
  name: ORDERS_METRIC,
  help: 'Orders checkout-service processed, by currency',
  labelNames: ['currency'],
});

export const orderValueCounter = makeCounterProvider({
  name: ORDER_VALUE_METRIC,
  help: 'Sum of the totals of processed orders, in their currency, by currency',
  labelNames: ['currency'],
});
