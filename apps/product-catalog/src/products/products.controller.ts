import { Controller, Get, Param, Query } from '@nestjs/common';
import type { Product } from '@app/contracts';
import { IntegerParamPipe } from '@app/core';
import { ListProductsQuery } from './dto/list-products.query';
import { ProductsService } from './products.service';

const productId = new IntegerParamPipe('Invalid product ID');

@Controller()
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get('products')
  list(@Query() query: ListProductsQuery): Product[] {
    return this.products.list(query.category);
  }

  @Get('product/:id')
  get(@Param('id', productId) id: number): Product {
    return this.products.get(id);
  }
}
