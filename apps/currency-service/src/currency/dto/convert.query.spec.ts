import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { ConvertQuery } from './convert.query';

function parse(query: Record<string, unknown>): { value: ConvertQuery; problems: string[] } {
  const value = plainToInstance(ConvertQuery, query);
  const problems = validateSync(value, { stopAtFirstError: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );
  return { value, problems };
}

describe('ConvertQuery', () => {
  it('defaults both currencies to USD', () => {
    expect(parse({})).toEqual({
      value: expect.objectContaining({ from: 'USD', to: 'USD' }),
      problems: [],
    });
  });

  it('upper-cases ASCII codes', () => {
    const { value, problems } = parse({ from: 'eur', to: 'gBp' });
    expect(problems).toEqual([]);
    expect(value).toMatchObject({ from: 'EUR', to: 'GBP' });
  });

  it('does not let Unicode case mapping invent a code', () => {
    // "ſ" (long s) upper-cases to "S", so toUpperCase() would read "uſd" as USD
    expect(parse({ from: 'uſd' }).problems).toEqual(['Currency UſD not supported']);
  });

  it('refuses a repeated currency parameter before looking it up', () => {
    expect(parse({ to: ['EUR', 'GBP'] }).problems).toEqual(['to must be a single currency code']);
  });

  it.each([
    ['10', 10],
    ['-2.5', -2.5],
    ['+3', 3],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['2.5E-1', 0.25],
    ['0', 0],
  ])('accepts the amount %s as %d', (amount, expected) => {
    const { value, problems } = parse({ amount });
    expect(problems).toEqual([]);
    expect(value.amount).toBe(expected);
  });

  it.each([
    '',
    ' ',
    ' 10',
    'abc',
    'NaN',
    'Infinity',
    '-Infinity',
    '0x10',
    '0b1',
    '1_000',
    '1,5',
    '1e',
    '.',
    '1e400',
    '--1',
  ])('refuses the amount %j', (amount) => {
    expect(parse({ amount }).problems).toEqual(['Invalid amount provided']);
  });

  it('refuses a repeated amount', () => {
    expect(parse({ amount: ['1', '2'] }).problems).toEqual(['Invalid amount provided']);
  });

  it('accepts every finite double written the way JavaScript prints it', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (amount) => {
        const { value, problems } = parse({ amount: String(amount) });
        expect(problems).toEqual([]);
        expect(value.amount).toBe(Number(String(amount)));
      }),
      { numRuns: 200 },
    );
  });
});
