import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';
import { loadGeneratorConfig } from '../config/load-generator.config';
import { DownstreamHttp, DownstreamResponse, downstreamMessage } from '@app/http-client';
import { TrafficLoop, TrafficMetrics, TrafficRequest, pick, randomInt, uniform } from '@app/load';
import { ScenarioSwitchboard, numberParam, sample } from '@app/core';
import { BasketLimits, buildCheckoutBody } from './checkout-body';
import { orderIdFrom, productIdsFrom } from './gateway-answers';
import { ShopFlow, chooseShopFlow } from './shop-flow';
import { BROWSED_CATEGORIES, CURRENCIES, ShopUser, USERS } from './users.data';

const BROWSE_BASKET: BasketLimits = { maxItems: 3, maxQuantity: 3 };
const DIRECT_BASKET: BasketLimits = { maxItems: 2, maxQuantity: 2 };
const CHECKOUT_AFTER_BROWSING = 0.5;
const VIEW_AFTER_CATEGORY = 0.7;
/** The most visits scenario loadgen-surge runs at once. */
export const MAX_SURGE_FACTOR = 50;

/**
 * Simulated shoppers on the gateway: each flow is one user's visit — browsing, looking at
 * a category, or buying straight away — the traffic the debugging scenarios play out on.
 */
@Injectable()
export class ShopTrafficService extends TrafficLoop {
  constructor(
    http: DownstreamHttp,
    metrics: TrafficMetrics,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(loadGeneratorConfig.KEY)
    private readonly shop: ConfigType<typeof loadGeneratorConfig>,
    switchboard: ScenarioSwitchboard,
  ) {
    super(http, metrics, config, {
      service: 'gateway',
      baseUrl: shop.gatewayUrl,
    });
    switchboard.define({
      name: 'loadgen-surge',
      description:
        'Multiplies the shop traffic: `factor` simulated users visit at once instead of one',
      params: {
        factor: numberParam({
          default: 10,
          min: 1,
          max: MAX_SURGE_FACTOR,
          integer: true,
          description: 'How many visits run at once, each with the usual pauses',
        }),
      },
      onSwitch: (enabled, { factor }) => this.setLanes(enabled ? factor : 1),
    });
  }

  /** One user's visit; the kind is drawn with the documented weights unless given. */
  override async runFlow(flow: ShopFlow = chooseShopFlow()): Promise<void> {
    const user = pick(USERS);
    this.logger.log({ flow, user_id: user.id }, `${user.id} starts a ${flow} visit`);
    switch (flow) {
      case 'browse':
        return this.browse(user);
      case 'category':
        return this.browseCategory();
      case 'direct-checkout':
        return this.checkOutDirectly(user);
    }
  }

  protected secondsBetweenFlows(): number {
    return uniform(0.8, 1.2) * this.shop.delayBetweenUsersSeconds;
  }

  private async browse(user: ShopUser): Promise<void> {
    const productIds = await this.listProducts();
    if (!productIds?.length) return;
    const viewed = sample(productIds, randomInt(1, 3));
    for (const [index, productId] of viewed.entries()) {
      if (index > 0) await this.pause(uniform(0.5, 2));
      await this.viewProduct(productId, pick(CURRENCIES));
    }
    if (Math.random() < CHECKOUT_AFTER_BROWSING) {
      await this.checkOut(user, productIds, BROWSE_BASKET);
    }
  }

  private async browseCategory(): Promise<void> {
    const productIds = await this.listProducts(pick(BROWSED_CATEGORIES));
    if (productIds?.length && Math.random() < VIEW_AFTER_CATEGORY) {
      await this.viewProduct(pick(productIds));
    }
  }

  private async checkOutDirectly(user: ShopUser): Promise<void> {
    const productIds = await this.listProducts();
    if (productIds?.length) await this.checkOut(user, productIds, DIRECT_BASKET);
  }

  /** The ids the gateway listed, or undefined when the listing failed (already logged). */
  private async listProducts(category?: string): Promise<number[] | undefined> {
    const response = await this.call({
      method: 'GET',
      endpoint: '/products',
      path: '/products',
      params: { category },
    });
    if (!response) return undefined;
    const productIds = productIdsFrom(response.data);
    if (!productIds) {
      this.logger.error(
        { endpoint: '/products', status: response.status },
        'Gateway answered GET /products without a product list',
      );
    }
    return productIds;
  }

  private async viewProduct(productId: number, currency?: string): Promise<void> {
    await this.call({
      method: 'GET',
      endpoint: '/product/:id',
      path: `/product/${productId}`,
      params: { currency },
    });
  }

  private async checkOut(
    user: ShopUser,
    productIds: readonly number[],
    limits: BasketLimits,
  ): Promise<void> {
    const body = buildCheckoutBody(user, productIds, limits);
    const response = await this.call({
      method: 'POST',
      endpoint: '/checkout',
      path: '/checkout',
      body,
    });
    if (response) {
      this.logger.log(
        { user_id: user.id, order_id: orderIdFrom(response.data), items: body.items.length },
        `${user.id} checked out ${body.items.length} item(s) in ${body.user_currency}`,
      );
    }
  }

  /** Sends the request; a 2xx answer comes back, anything else is logged and ends the step. */
  private async call(request: TrafficRequest): Promise<DownstreamResponse<unknown> | undefined> {
    const response = await this.send<unknown>(request);
    if (!response) return undefined;
    if (response.status >= 200 && response.status < 300) return response;
    const error = downstreamMessage(response.status, response.data);
    const fields = {
      endpoint: request.endpoint,
      path: request.path,
      status: response.status,
      error,
    };
    const message = `${request.method} ${request.path} answered ${response.status}: ${error}`;
    if (response.status >= 500) this.logger.error(fields, message);
    else this.logger.warn(fields, message);
    return undefined;
  }
}
