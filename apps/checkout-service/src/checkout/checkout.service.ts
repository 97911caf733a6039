import { Injectable, Logger, NotFoundException, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Counter } from 'prom-client';
import {
  CheckoutAnswer,
  SUPPORTED_CURRENCIES,
  roundTo,
  type Order,
  type OrderLine,
} from '@app/contracts';
import { DownstreamStatusError, DownstreamUnavailableError } from '@app/http-client';
import { InjectMetric } from '@app/metrics';
import { CatalogProduct, CheckoutCatalogClient } from '../clients/catalog.client';
import { CheckoutCurrencyClient } from '../clients/currency.client';
import { ORDER_NOT_FOUND } from './checkout.messages';
import { ProcessCheckoutDto } from './dto/process-checkout.dto';
import { ORDERS_METRIC, ORDER_VALUE_METRIC } from './order.metrics';
import { OrderStore } from './order.store';

interface PricedProduct {
  product: CatalogProduct;
  price: number;
  currency: string;
}

@Injectable()
export class CheckoutService {
  private readonly logger = new Logger(CheckoutService.name);

  constructor(
    private readonly catalog: CheckoutCatalogClient,
    private readonly currency: CheckoutCurrencyClient,
    private readonly orders: OrderStore,
    // optional, so that unit tests can build the service on its own
    @Optional() @InjectMetric(ORDERS_METRIC) private readonly ordered?: Counter<'currency'>,
    @Optional() @InjectMetric(ORDER_VALUE_METRIC) private readonly value?: Counter<'currency'>,
  ) {
    // every currency from the start, so the shop dashboard reads 0 rather than no data
    for (const currency of SUPPORTED_CURRENCIES) {
      ordered?.inc({ currency }, 0);
      value?.inc({ currency }, 0);
    }
  }

  async process(checkout: ProcessCheckoutDto): Promise<CheckoutAnswer> {
    const products = await this.linesOf(checkout);
    const order: Order = {
      order_id: randomUUID(),
      user_id: checkout.user_id,
      user_currency: checkout.user_currency,
      address: checkout.address,
      email: checkout.email,
      products,
      total: roundTo(
        products.reduce((sum, line) => sum + line.item_total, 0),
        2,
      ),
      status: 'PROCESSED',
      timestamp: new Date().toISOString(),
    };
    this.orders.save(order);
    this.ordered?.inc({ currency: order.user_currency });
    this.value?.inc({ currency: order.user_currency }, order.total);
    this.logger.log(
      { order_id: order.order_id, total: order.total, currency: order.user_currency },
      'Order processed',
    );
    return {
      order_id: order.order_id,
      total: order.total,
      currency: order.user_currency,
      status: order.status,
    };
  }

  find(orderId: string): Order {
    const order = this.orders.find(orderId);
    if (!order) throw new NotFoundException(ORDER_NOT_FOUND);
    return order;
  }

  /**
   * Prices every item, each distinct product once and all of them concurrently. When several
   * lookups fail, the first failing item decides the answer, so it does not depend on timing.
   */
  private async linesOf({ items, user_currency }: ProcessCheckoutDto): Promise<OrderLine[]> {
    const pricing = new Map<number, Promise<PricedProduct>>();
    const pending = items.map((item) => {
      let priced = pricing.get(item.product_id);
      if (!priced) {
        priced = this.priced(item.product_id, user_currency);
        pricing.set(item.product_id, priced);
      }
      return priced;
    });
    const outcomes = await Promise.allSettled(pending);
    return outcomes.map((outcome, index) => {
      if (outcome.status === 'rejected') throw outcome.reason;
      const { quantity, product_id } = items[index];
      const { product, price, currency } = outcome.value;
      return {
        id: product_id,
        name: product.name,
        price,
        currency,
        quantity,
        item_total: roundTo(price * quantity, 2),
      };
    });
  }

  /**
   * The product's price in the user's currency. A failed conversion keeps the USD price and
   * says so in the line's currency: the original demo did the same without saying it, which
   * is the silent data bug this demo keeps on purpose — but visible in the logs.
   */
  private async priced(productId: number, currency: string): Promise<PricedProduct> {
    const product = await this.catalog.product(productId);
    if (currency === 'USD') return { product, price: product.price, currency };
    try {
      return { product, price: await this.currency.fromUsd(product.price, currency), currency };
    } catch (error) {
      if (
        !(error instanceof DownstreamUnavailableError) &&
        !(error instanceof DownstreamStatusError)
      ) {
        throw error;
      }
      this.logger.warn(
        { product_id: productId, currency, reason: error.message },
        'Currency conversion failed, keeping the USD price',
      );
      return { product, price: product.price, currency: 'USD' };
    }
  }
}
