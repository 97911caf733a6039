import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class ListAdsQuery {
  /** Comma-separated product ids, e.g. `1,2,3`. */
  @ApiPropertyOptional({
    description: 'Comma-separated product ids; entries that are not integers are ignored',
    example: '1,2,3',
  })
  @IsOptional()
  @IsString({ message: 'product_ids must be a single comma-separated list' })
  product_ids?: string;

  @ApiPropertyOptional({ description: 'Exact, case-sensitive', example: 'Audio' })
  @IsOptional()
  @IsString({ message: 'category must be a single string' })
  category?: string;
}
