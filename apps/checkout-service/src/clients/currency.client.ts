import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { IsNumber } from 'class-validator';
import { checkoutConfig } from '../config/checkout.config';
import {
  DownstreamClient,
  DownstreamHttp,
  DownstreamPolicy,
  DownstreamStatusError,
  answerOf,
  passThrough,
} from '@app/http-client';

class ConversionAnswer {
  @IsNumber()
  converted!: number;
}

const CONVERSION = answerOf(ConversionAnswer);

/**
 * Failures are thrown as they are (DownstreamUnavailableError, DownstreamStatusError): what
 * to do about them — keep the USD price — is the checkout's decision, not the client's.
 */
const POLICY: DownstreamPolicy = {
  okStatus: 200,
  noAnswer: passThrough,
  clientError: passThrough,
  serverError: passThrough,
  invalidAnswer: (error) =>
    new DownstreamStatusError(error.service, error.status, 'answer without a converted amount'),
};

/** currency-service as checkout sees it: one conversion per priced product. */
@Injectable()
export class CheckoutCurrencyClient extends DownstreamClient {
  protected readonly policy = POLICY;

  constructor(
    http: DownstreamHttp,
    @Inject(checkoutConfig.KEY) config: ConfigType<typeof checkoutConfig>,
  ) {
    super(http, { service: 'currency-service', baseUrl: config.currencyUrl });
  }

  /** `amount` USD in `currency`, rounded to cents by the currency service. */
  async fromUsd(amount: number, currency: string): Promise<number> {
    const { converted } = await this.fetch(
      { method: 'GET', path: '/convert', params: { from: 'USD', to: currency, amount } },
      CONVERSION,
    );
    return converted;
  }
}
