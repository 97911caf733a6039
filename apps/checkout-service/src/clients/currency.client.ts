import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { checkoutConfig } from '../config/checkout.config';
import { DownstreamHttp, DownstreamStatusError, downstreamMessage } from '@app/http-client';

const SERVICE = 'currency-service';

function convertedAmount(data: unknown): number | undefined {
  const converted = (data as { converted?: unknown } | null)?.converted;
  return typeof converted === 'number' && Number.isFinite(converted) ? converted : undefined;
}

/**
 * currency-service as checkout sees it. Failures are thrown as they are
 * (DownstreamUnavailableError, DownstreamStatusError): what to do about them — keep the
 * USD price — is the checkout's decision, not the client's.
 */
@Injectable()
export class CurrencyClient {
  constructor(
    private readonly http: DownstreamHttp,
    @Inject(checkoutConfig.KEY) private readonly config: ConfigType<typeof checkoutConfig>,
  ) {}

  /** `amount` USD in `currency`, rounded to cents by the currency service. */
  async fromUsd(amount: number, currency: string): Promise<number> {
    const response = await this.http.request<unknown>({
      service: SERVICE,
      baseUrl: this.config.currencyUrl,
      method: 'GET',
      path: '/convert',
      params: { from: 'USD', to: currency, amount },
    });
    if (response.status !== 200) {
      const message = downstreamMessage(response.status, response.data);
      throw new DownstreamStatusError(SERVICE, response.status, message);
    }
    const converted = convertedAmount(response.data);
    if (converted === undefined) {
      throw new DownstreamStatusError(
        SERVICE,
        response.status,
        'answer without a converted amount',
      );
    }
    return converted;
  }
}
