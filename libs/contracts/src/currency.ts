/** Exchange rates against USD (docs/API.md#currency-service). */
export const CURRENCY_RATES: Readonly<Record<string, number>> = {
  USD: 1.0,
  EUR: 0.85,
  GBP: 0.75,
  JPY: 110.0,
  CAD: 1.25,
  AUD: 1.35,
  CNY: 6.45,
};

export const SUPPORTED_CURRENCIES = Object.keys(CURRENCY_RATES);

export function isSupportedCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(CURRENCY_RATES, code);
}

/**
 * Codes are case-insensitive ("eur" is EUR). Only ASCII letters are upper-cased: Unicode
 * case mapping would turn "uſd" (long s) into "USD" and accept a code nobody sent.
 * Anything that is not a string is returned as it is, for validation to refuse.
 */
export function normalizeCurrencyCode(value: unknown): unknown {
  return typeof value === 'string'
    ? value.replace(/[a-z]+/g, (letters) => letters.toUpperCase())
    : value;
}

export function currencyNotSupported(code: string): string {
  return `Currency ${code} not supported`;
}

/**
 * Rounds half away from zero at `digits` decimals. The scaled value is first cut to 15
 * significant digits so binary representation error (2.675 × 100 = 267.49999…) does not
 * decide the rounding.
 */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  return (Math.sign(value) * Math.round(scaled)) / factor;
}
