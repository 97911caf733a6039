import { Controller, Get, Param, Query } from '@nestjs/common';
import { IntegerParamPipe } from '@app/core';
import { ListProductsQuery } from './dto/list-products.query';
import { ProductQuery } from './dto/product.query';
import { ProductPage, ProductsPage, ProductsService } from './products.service';

// the catalog's own rule and message, checked here so junk never reaches the catalog's URL
const productId = new IntegerParamPipe('Invalid product ID');

@Controller()
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get('products')
  list(@Query() query: ListProductsQuery): Promise<ProductsPage> {
    return this.products.list(query.category, query.currency);
  }

  @Get('product/:id')
  get(@Param('id', productId) id: number, @Query() query: ProductQuery): Promise<ProductPage> {
    return this.products.get(id, query.currency);
  }
}
