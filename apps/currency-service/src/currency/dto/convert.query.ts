import { Transform } from 'class-transformer';
import { IsNumber, IsOptional } from 'class-validator';
import { INVALID_AMOUNT } from '../currency.messages';
import { CurrencyCode } from './currency-code.decorator';

/**
 * Plain decimal notation with optional sign, fraction and exponent ("10", "-2.5", ".5",
 * "1e3"). Number() alone would also take "", " 7 ", "0x10", "0b1" and "Infinity", which are
 * not amounts anyone means.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseAmount(value: unknown): unknown {
  return typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value;
}

export class ConvertQuery {
  @CurrencyCode('from')
  from = 'USD';

  @CurrencyCode('to')
  to = 'USD';

  @IsOptional()
  @Transform(({ value }) => parseAmount(value))
  // anything parseAmount left as a string (or a repeated parameter's array) fails here too
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: INVALID_AMOUNT })
  amount?: number;
}
