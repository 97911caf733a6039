import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { SUPPORTED_CURRENCIES } from '@app/contracts';

export class ProductQuery {
  /** Prices are converted from USD when given; empty or `USD` leaves them as they are. */
  @ApiPropertyOptional({
    description: 'Prices are converted from USD into it; empty or USD leaves them as they are',
    enum: SUPPORTED_CURRENCIES,
    example: 'EUR',
  })
  @IsOptional()
  @IsString({ message: 'currency must be a single currency code' })
  currency?: string;
}
