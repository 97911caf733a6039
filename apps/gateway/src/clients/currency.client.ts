import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { gatewayConfig } from '../config/gateway.config';
import { DownstreamHttp } from '@app/http-client';
import { DownstreamCall, DownstreamClient } from './downstream.client';

export interface ExchangeRate {
  /** The code as currency-service understood it (it accepts "eur" for EUR). */
  currency: string;
  rate: number;
}

function isRateAnswer(value: unknown): value is { to: string; rate: number } {
  const answer = value as { to?: unknown; rate?: unknown } | null;
  return (
    typeof answer === 'object' &&
    answer !== null &&
    typeof answer.to === 'string' &&
    typeof answer.rate === 'number' &&
    Number.isFinite(answer.rate) &&
    answer.rate > 0
  );
}

@Injectable()
export class CurrencyClient extends DownstreamClient {
  constructor(
    http: DownstreamHttp,
    @Inject(gatewayConfig.KEY) config: ConfigType<typeof gatewayConfig>,
  ) {
    super(http, {
      service: 'currency-service',
      label: 'Currency service',
      baseUrl: config.currencyUrl,
    });
  }

  async rateFromUsd(currency: string): Promise<ExchangeRate> {
    const call: DownstreamCall = {
      method: 'GET',
      path: '/convert',
      params: { from: 'USD', to: currency },
    };
    const data = await this.fetch(call);
    if (!isRateAnswer(data)) throw this.invalidAnswer(call);
    return { currency: data.to, rate: data.rate };
  }
}
