import { BadRequestException, Injectable, InternalServerErrorException } from '@nestjs/common';
import {
  CURRENCY_RATES,
  SUPPORTED_CURRENCIES,
  currencyNotSupported,
  isSupportedCurrency,
  roundTo,
} from '@app/contracts';
import { ScenarioSwitchboard } from '@app/core';
import { CALCULATION_ERROR, INVALID_AMOUNT } from './currency.messages';

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
  private readonly eurBug;

  constructor(switchboard: ScenarioSwitchboard) {
    this.eurBug = switchboard.define({
      name: 'currency-eur-bug',
      params: {},
      description:
        'USD→EUR conversions with an amount answer 500 "Internal calculation error" (rate-only lookups still work)',
    });
  }

  /** The one place a conversion is computed, and where scenario currency-eur-bug strikes. */
  convert(from: string, to: string, amount?: number): Conversion {
    const fromRate = rateOf(from);
    const rate = rateOf(to) / fromRate;
    if (amount === undefined) return { from, to, rate };
    // the planted bug: only amounts from USD into EUR, so the gateway's rate lookups are spared
    if (this.eurBug.enabled && from === 'USD' && to === 'EUR') {
      throw new InternalServerErrorException(CALCULATION_ERROR);
    }
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
