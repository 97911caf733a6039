import { IsOptional, IsString } from 'class-validator';
import { ProductQuery } from './product.query';

export class ListProductsQuery extends ProductQuery {
  @IsOptional()
  @IsString({ message: 'category must be a single string' })
  category?: string;
}
