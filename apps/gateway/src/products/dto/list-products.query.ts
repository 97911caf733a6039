import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { ProductQuery } from './product.query';

export class ListProductsQuery extends ProductQuery {
  @ApiPropertyOptional({ description: 'Exact, case-sensitive', example: 'Audio' })
  @IsOptional()
  @IsString({ message: 'category must be a single string' })
  category?: string;
}
