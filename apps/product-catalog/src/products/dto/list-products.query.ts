import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class ListProductsQuery {
  @ApiPropertyOptional({ description: 'Exact, case-sensitive', example: 'Audio' })
  @IsOptional()
  @IsString({ message: 'category must be a single string' })
  category?: string;
}
