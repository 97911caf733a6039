import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  HTTP_DURATION,
  HTTP_REQUESTS,
  newDashboard,
  query,
  quantile,
  rateBy,
  rateOrZero,
  SHOP_SERVICES,
  timeSeries,
} from './common';

const SHOP = `service=~"${SHOP_SERVICES.join('|')}"`;

/** The shop: what the simulated shoppers get, checkouts, and each shop service's traffic. */
export function shop(): dashboard.DashboardBuilder {
  return newDashboard(
    'demo-shop',
    'Demo / Shop',
    'The shop seen from the simulated shoppers, the checkouts and the six shop services.',
  )
    .withPanel(
      timeSeries(
        'Shopper results/s by endpoint and status',
        "load_generator_request_count: the load generator's calls to the gateway (`error`: no answer).",
        'reqps',
        [
          query(
            rateBy('load_generator_request_count', '', ['endpoint', 'status']),
            '{{endpoint}} {{status}}',
          ),
        ],
        12,
      ),
    )
    .withPanel(
      timeSeries(
        'Checkouts/s by status',
        'POST /process answered by checkout-service, by status.',
        'reqps',
        [
          query(
            rateBy('checkout_request_count', 'endpoint="/process"', ['http_status']),
            '{{http_status}}',
          ),
        ],
        12,
      ),
    )
    .withPanel(
      timeSeries(
        'Requests/s by service',
        'Every request each shop service answered.',
        'reqps',
        [query(rateBy(HTTP_REQUESTS, SHOP, ['service']), '{{service}}')],
        8,
      ),
    )
    .withPanel(
      timeSeries(
        '5xx/s by service',
        'Requests each shop service failed with a 5xx; 0 when none.',
        'reqps',
        [query(rateOrZero(HTTP_REQUESTS, SHOP, 'status_code=~"5.."', ['service']), '{{service}}')],
        8,
      ),
    )
    .withPanel(
      timeSeries(
        'p95 latency by service',
        '95th percentile of the time each shop service took to answer.',
        's',
        [query(quantile(0.95, HTTP_DURATION, SHOP, ['service']), '{{service}}')],
        8,
      ),
    )
    .withPanel(
      timeSeries(
        'Orders/s by currency',
        'Orders checkout-service processed (checkout_orders_total), by the currency the shopper pays in.',
        'reqps',
        [query(rateBy('checkout_orders_total', '', ['currency']), '{{currency}}')],
        12,
      ),
    )
    .withPanel(
      timeSeries(
        'Checkout totals per second by currency',
        'The sum of order totals per second (checkout_order_value_total), each in its own currency: compare a currency with itself over time, not with the others.',
        'none',
        [query(rateBy('checkout_order_value_total', '', ['currency']), '{{currency}}')],
        12,
      ),
    );
}
