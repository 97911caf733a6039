import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { BoundedStore } from '@app/core';
import { checkoutConfig } from '../config/checkout.config';
import type { Order } from '@app/contracts';

/**
 * Processed orders, in memory as in the original demo, but bounded: past `orderStoreMax`
 * the oldest order is forgotten, so a long-running demo cannot run out of memory.
 */
@Injectable()
export class OrderStore extends BoundedStore<Order> {
  constructor(@Inject(checkoutConfig.KEY) config: ConfigType<typeof checkoutConfig>) {
    super({ max: config.orderStoreMax, keyOf: (order) => order.order_id });
  }
}
