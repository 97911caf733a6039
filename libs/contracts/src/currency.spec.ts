import { isSupportedCurrency, roundTo } from './currency';

describe('roundTo', () => {
  it.each([
    [2.675, 2, 2.68],
    [-2.125, 2, -2.13],
    [594.9915, 2, 594.99],
    [187.4925, 2, 187.49],
    [1.00005, 4, 1.0001],
    [0, 2, 0],
    [123456789.125, 2, 123456789.13],
  ])('roundTo(%p, %p) = %p', (value, digits, expected) => {
    expect(roundTo(value, digits)).toBe(expected);
  });
});

describe('isSupportedCurrency', () => {
  it('knows the seven codes and nothing inherited', () => {
    expect(['USD', 'EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'CNY'].every(isSupportedCurrency)).toBe(true);
    expect(isSupportedCurrency('toString')).toBe(false);
    expect(isSupportedCurrency('usd')).toBe(false);
  });
});
