/** Exchange rates against USD, as the first implementation shipped them. */
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

export function currencyNotSupported(code: string): string {
  return `Currency ${code} not supported`;
}

/** Rounds half away from zero at `digits` decimals, correcting binary representation error. */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round((value + Math.sign(value) * Number.EPSILON) * factor) / factor;
}
