import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { gatewayConfig } from '../config/gateway.config';
import { DownstreamClient, DownstreamHttp, anyAnswer } from '@app/http-client';
import { gatewayPolicy } from './downstream.policy';

/** The gateway forwards checkout traffic as it is: checkout-service owns its validation. */
@Injectable()
export class CheckoutClient extends DownstreamClient {
  protected readonly policy = gatewayPolicy('Checkout service', this.logger);

  constructor(
    http: DownstreamHttp,
    @Inject(gatewayConfig.KEY) config: ConfigType<typeof gatewayConfig>,
  ) {
    super(http, { service: 'checkout-service', baseUrl: config.checkoutUrl });
  }

  process(checkout: unknown): Promise<unknown> {
    return this.fetch({ method: 'POST', path: '/process', body: checkout }, anyAnswer);
  }

  order(orderId: string): Promise<unknown> {
    return this.fetch({ method: 'GET', path: `/order/${encodeURIComponent(orderId)}` }, anyAnswer);
  }
}
