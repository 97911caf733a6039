import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { gatewayConfig } from '../config/gateway.config';
import { DownstreamHttp } from '@app/http-client';
import { DownstreamClient } from './downstream.client';

/** The gateway forwards checkout traffic as it is: checkout-service owns its validation. */
@Injectable()
export class CheckoutClient extends DownstreamClient {
  constructor(
    http: DownstreamHttp,
    @Inject(gatewayConfig.KEY) config: ConfigType<typeof gatewayConfig>,
  ) {
    super(http, {
      service: 'checkout-service',
      label: 'Checkout service',
      baseUrl: config.checkoutUrl,
    });
  }

  process(checkout: unknown): Promise<unknown> {
    return this.fetch({ method: 'POST', path: '/process', body: checkout });
  }

  order(orderId: string): Promise<unknown> {
    return this.fetch({ method: 'GET', path: `/order/${encodeURIComponent(orderId)}` });
  }
}
