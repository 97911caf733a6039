import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { checkoutConfig } from '../config/checkout.config';
import type { Order } from './order.interface';

/**
 * Processed orders, in memory as in the first version, but bounded: past `orderStoreMax`
 * the oldest order is forgotten, so a long-running demo cannot run out of memory.
 */
@Injectable()
export class OrderStore {
  // a Map iterates in insertion order, so its first key is always the oldest order
  private readonly orders = new Map<string, Order>();
  private readonly max: number;

  constructor(@Inject(checkoutConfig.KEY) config: ConfigType<typeof checkoutConfig>) {
    this.max = config.orderStoreMax;
  }

  save(order: Order): void {
    this.orders.set(order.order_id, order);
    for (const oldest of this.orders.keys()) {
      if (this.orders.size <= this.max) break;
      this.orders.delete(oldest);
    }
  }

  find(orderId: string): Order | undefined {
    return this.orders.get(orderId);
  }
}
