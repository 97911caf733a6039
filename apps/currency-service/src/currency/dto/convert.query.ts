import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNumber, IsOptional } from 'class-validator';
import { INVALID_AMOUNT } from '../currency.messages';
import { CURRENCY_PARAMETER, CurrencyCode } from './currency-code.decorator';

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
  @ApiPropertyOptional({ ...CURRENCY_PARAMETER, example: 'USD' })
  @CurrencyCode('from')
  from = 'USD';

  @ApiPropertyOptional({ ...CURRENCY_PARAMETER, example: 'EUR' })
  @CurrencyCode('to')
  to = 'USD';

  @ApiPropertyOptional({ description: 'A decimal number, e.g. `100`, `-2.5`, `1e3`', example: 100 })
  @IsOptional()
  @Transform(({ value }) => parseAmount(value))
  // anything parseAmount left as a string (or a repeated parameter's array) fails here too
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: INVALID_AMOUNT })
  amount?: number;
}
