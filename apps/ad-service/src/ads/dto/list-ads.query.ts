import { IsOptional, IsString } from 'class-validator';

export class ListAdsQuery {
  /** Comma-separated product ids, e.g. `1,2,3`. */
  @IsOptional()
  @IsString({ message: 'product_ids must be a single comma-separated list' })
  product_ids?: string;

  @IsOptional()
  @IsString({ message: 'category must be a single string' })
  category?: string;
}
