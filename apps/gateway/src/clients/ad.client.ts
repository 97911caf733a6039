import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { gatewayConfig } from '../config/gateway.config';
import type { Ad } from '@app/contracts';
import { DownstreamHttp } from '@app/http-client';
import { DownstreamCall, DownstreamClient } from './downstream.client';

function isAdList(value: unknown): value is Ad[] {
  return (
    Array.isArray(value) &&
    value.every((ad) => typeof ad === 'object' && ad !== null && !Array.isArray(ad))
  );
}

/** Ads are decoration: when the ad service fails, pages are served without them. */
@Injectable()
export class AdClient extends DownstreamClient {
  constructor(
    http: DownstreamHttp,
    @Inject(gatewayConfig.KEY) config: ConfigType<typeof gatewayConfig>,
  ) {
    super(http, { service: 'ad-service', label: 'Ad service', baseUrl: config.adUrl });
  }

  /** Ads for these products; [] when there are none to ask about or the ad service fails. */
  async forProducts(productIds: number[]): Promise<Ad[]> {
    if (productIds.length === 0) return [];
    const call: DownstreamCall = {
      method: 'GET',
      path: '/ads',
      params: { product_ids: productIds.join(',') },
    };
    try {
      const data = await this.fetch(call);
      if (!isAdList(data)) throw this.invalidAnswer(call);
      return data;
    } catch (error) {
      // fetch has logged the failure as a warning already
      if (error instanceof HttpException) return [];
      throw error;
    }
  }
}
