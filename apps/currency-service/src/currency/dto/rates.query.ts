import { ApiPropertyOptional } from '@nestjs/swagger';
import { CURRENCY_PARAMETER, CurrencyCode } from './currency-code.decorator';

export class RatesQuery {
  @ApiPropertyOptional({ ...CURRENCY_PARAMETER, example: 'USD' })
  @CurrencyCode('base')
  base = 'USD';
}
