import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { IsNumber, IsPositive, IsString } from 'class-validator';
import { gatewayConfig } from '../config/gateway.config';
import { DownstreamClient, DownstreamHttp, answerOf } from '@app/http-client';
import { gatewayPolicy } from './downstream.policy';

export interface ExchangeRate {
  /** The code as currency-service understood it (it accepts "eur" for EUR). */
  currency: string;
  rate: number;
}

class RateAnswer {
  @IsString()
  to!: string;

  @IsNumber()
  @IsPositive()
  rate!: number;
}

const RATE = answerOf(RateAnswer);

/** currency-service as the gateway's pages see it: one rate converts a page of prices. */
@Injectable()
export class GatewayCurrencyClient extends DownstreamClient {
  protected readonly policy = gatewayPolicy('Currency service', this.logger);

  constructor(
    http: DownstreamHttp,
    @Inject(gatewayConfig.KEY) config: ConfigType<typeof gatewayConfig>,
  ) {
    super(http, { service: 'currency-service', baseUrl: config.currencyUrl });
  }

  async rateFromUsd(currency: string): Promise<ExchangeRate> {
    const { to, rate } = await this.fetch(
      { method: 'GET', path: '/convert', params: { from: 'USD', to: currency } },
      RATE,
    );
    return { currency: to, rate };
  }
}
