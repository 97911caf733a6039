import { IsOptional, IsString } from 'class-validator';

export class ListProductsQuery {
  @IsOptional()
  @IsString({ message: 'category must be a single string' })
  category?: string;
}
