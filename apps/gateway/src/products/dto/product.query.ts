import { IsOptional, IsString } from 'class-validator';

export class ProductQuery {
  /** Prices are converted from USD when given; empty or `USD` leaves them as they are. */
  @IsOptional()
  @IsString({ message: 'currency must be a single currency code' })
  currency?: string;
}
