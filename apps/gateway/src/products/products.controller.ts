import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '@app/contracts';
import { IntegerParamPipe } from '@app/core';
import { ListProductsQuery } from './dto/list-products.query';
import { ProductPageDto, ProductsPageDto } from './dto/product-pages.answer';
import { ProductQuery } from './dto/product.query';
import { ProductPage, ProductsPage, ProductsService } from './products.service';

// the catalog's own rule and message, checked here so junk never reaches the catalog's URL
const productId = new IntegerParamPipe('Invalid product ID');

const DOWNSTREAM_FAILED =
  '`Product catalog unavailable: …`, `Product catalog error: …` or `Currency service …`: a ' +
  'downstream failed';

@ApiTags('products')
@Controller()
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get('products')
  @ApiOperation({ summary: 'The catalog with ads, prices in a currency of choice' })
  @ApiOkResponse({ type: ProductsPageDto, description: 'The products and their ads' })
  @ApiErrorResponses({
    400: '`Currency XXX not supported` (from currency-service), or a parameter given twice',
    500: DOWNSTREAM_FAILED,
  })
  list(@Query() query: ListProductsQuery): Promise<ProductsPage> {
    return this.products.list(query.category, query.currency);
  }

  @Get('product/:id')
  @ApiOperation({ summary: 'One product with its ads, price in a currency of choice' })
  @ApiParam({ name: 'id', type: 'integer', example: 1 })
  @ApiOkResponse({ type: ProductPageDto, description: 'The product and its ads' })
  @ApiErrorResponses({
    400: '`Invalid product ID`, `Currency XXX not supported`, or a parameter given twice',
    404: '`Product not found` (from product-catalog)',
    500: DOWNSTREAM_FAILED,
  })
  get(@Param('id', productId) id: number, @Query() query: ProductQuery): Promise<ProductPage> {
    return this.products.get(id, query.currency);
  }
}
