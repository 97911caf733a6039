import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { gatewayConfig } from '../config/gateway.config';
import type { Ad } from '@app/contracts';
import { DownstreamClient, DownstreamHttp, answerOf, listOf } from '@app/http-client';
import { degradingPolicy } from './downstream.policy';

/** The gateway passes ads on as they came and reads none of their fields: any object will do. */
class AdAnswer {}

const ADS = listOf(answerOf<Ad>(AdAnswer));

/** Ads are decoration: when the ad service fails, pages are served without them. */
@Injectable()
export class AdClient extends DownstreamClient<void, Ad[]> {
  protected readonly policy = degradingPolicy<Ad[]>('Ad service', this.logger, []);

  constructor(
    http: DownstreamHttp,
    @Inject(gatewayConfig.KEY) config: ConfigType<typeof gatewayConfig>,
  ) {
    super(http, { service: 'ad-service', baseUrl: config.adUrl });
  }

  /** Ads for these products; [] when there are none to ask about or the ad service fails. */
  async forProducts(productIds: number[]): Promise<Ad[]> {
    if (productIds.length === 0) return [];
    return this.fetch(
      { method: 'GET', path: '/ads', params: { product_ids: productIds.join(',') } },
      ADS,
    );
  }
}
