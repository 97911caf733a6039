import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SUPPORTED_CURRENCIES } from '@app/contracts';
import type { Conversion, RatesTable } from '../currency.service';

// The service's answers as the API docs show them.

export class ConversionDto implements Conversion {
  @ApiProperty({ enum: SUPPORTED_CURRENCIES, example: 'USD' })
  from!: string;

  @ApiProperty({ enum: SUPPORTED_CURRENCIES, example: 'EUR' })
  to!: string;

  @ApiProperty({ description: 'Units of `to` per unit of `from`', example: 0.85 })
  rate!: number;

  @ApiPropertyOptional({ description: 'Only when `amount` was given', example: 100 })
  amount?: number;

  @ApiPropertyOptional({ description: '`amount × rate`, rounded to 2 decimals', example: 85 })
  converted?: number;
}

export class RatesTableDto implements RatesTable {
  @ApiProperty({ enum: SUPPORTED_CURRENCIES, example: 'USD' })
  base!: string;

  @ApiProperty({
    description: 'Every supported code against `base`, rounded to 4 decimals',
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { USD: 1, EUR: 0.85, GBP: 0.75, JPY: 110, CAD: 1.25, AUD: 1.35, CNY: 6.45 },
  })
  rates!: Record<string, number>;
}
