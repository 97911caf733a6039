import { BadRequestException, Injectable } from '@nestjs/common';
import {
  CURRENCY_RATES,
  SUPPORTED_CURRENCIES,
  currencyNotSupported,
  isSupportedCurrency,
  roundTo,
} from '@app/contracts';
import { INVALID_AMOUNT } from './currency.messages';

export interface Conversion {
  from: string;
  to: string;
  rate: number;
  amount?: number;
  converted?: number;
}

export interface RatesTable {
  base: string;
  rates: Record<string, number>;
}

@Injectable()
export class CurrencyService {
  /** The one place a conversion is computed, so a fault scenario can hook in here later. */
  convert(from: string, to: string, amount?: number): Conversion {
    const fromRate = rateOf(from);
    const rate = rateOf(to) / fromRate;
    if (amount === undefined) return { from, to, rate };
    const converted = roundTo(amount * rate, 2);
    // an amount near the float limit overflows once converted; JSON would send it as null
    if (!Number.isFinite(converted)) throw new BadRequestException(INVALID_AMOUNT);
    return { from, to, rate, amount, converted };
  }

  rates(base: string): RatesTable {
    const baseRate = rateOf(base);
    return {
      base,
      rates: Object.fromEntries(
        SUPPORTED_CURRENCIES.map((code) => [code, roundTo(rateOf(code) / baseRate, 4)]),
      ),
    };
  }
}

/** Also guards callers that bypass the query DTOs: an unknown code would otherwise yield NaN. */
function rateOf(code: string): number {
  if (!isSupportedCurrency(code)) throw new BadRequestException(currencyNotSupported(code));
  return CURRENCY_RATES[code];
}
