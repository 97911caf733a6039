import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, ProductDto, type Product } from '@app/contracts';
import { IntegerParamPipe } from '@app/core';
import { ListProductsQuery } from './dto/list-products.query';
import { ProductsService } from './products.service';
import { UnhandledRejectionScenario } from './unhandled-rejection.scenario';

const productId = new IntegerParamPipe('Invalid product ID');

@ApiTags('products')
@Controller()
export class ProductsController {
  constructor(
    private readonly products: ProductsService,
    private readonly crash: UnhandledRejectionScenario,
  ) {}

  @Get('products')
  @ApiOperation({ summary: 'All products, or those of one category ([] when none match)' })
  @ApiOkResponse({ type: [ProductDto], description: 'The products' })
  @ApiErrorResponses({ 400: '`category` given twice: `category must be a single string`' })
  async list(@Query() query: ListProductsQuery): Promise<Product[]> {
    await this.crash.beforeAnswer();
    return this.products.list(query.category);
  }

  @Get('product/:id')
  @ApiOperation({ summary: 'One product' })
  @ApiParam({ name: 'id', type: 'integer', example: 1 })
  @ApiOkResponse({ type: ProductDto, description: 'The product' })
  @ApiErrorResponses({ 400: '`Invalid product ID`: not an integer', 404: '`Product not found`' })
  async get(@Param('id', productId) id: number): Promise<Product> {
    await this.crash.beforeAnswer();
    return this.products.get(id);
  }
}
