import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  ApiErrorResponses,
  CheckoutAnswerDto,
  CheckoutBodyDto,
  OrderDto,
  ServiceStatusDto,
  type CheckoutAnswer,
  type Order,
} from '@app/contracts';
import { CheckoutService } from './checkout.service';
import { ProcessCheckoutDto } from './dto/process-checkout.dto';
import { MemoryLeakScenario } from './memory-leak.scenario';

@ApiTags('checkout')
@Controller()
export class CheckoutController {
  constructor(
    private readonly checkout: CheckoutService,
    private readonly leak: MemoryLeakScenario,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Service status' })
  @ApiOkResponse({ type: ServiceStatusDto, description: 'Always, while the service runs' })
  status(): { service: string; status: 'UP' } {
    return { service: 'Checkout Service', status: 'UP' };
  }

  @Post('process')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Price an order in the user's currency and store it",
    description:
      'Fetches each product from product-catalog and converts its price with ' +
      'currency-service; a failed conversion keeps the USD price.',
  })
  @ApiBody({ type: CheckoutBodyDto })
  @ApiOkResponse({ type: CheckoutAnswerDto, description: 'The order, processed and stored' })
  @ApiErrorResponses({
    400:
      '`No checkout data provided`, `Missing required field: <name>`, `Invalid field: <name>`, ' +
      '`Invalid item format: …`, `Currency XXX not supported`, or `Product <id> not found`',
    500: '`Failed to retrieve product information: …` (product-catalog failed)',
  })
  process(@Body() checkout: ProcessCheckoutDto): Promise<CheckoutAnswer> {
    this.leak.retain();
    return this.checkout.process(checkout);
  }

  @Get('order/:id')
  @ApiOperation({ summary: 'A stored order' })
  @ApiParam({ name: 'id', description: 'The `order_id` of a checkout' })
  @ApiOkResponse({ type: OrderDto, description: 'The order' })
  @ApiErrorResponses({ 404: '`Order not found` (also once evicted: the store is bounded)' })
  order(@Param('id') orderId: string): Order {
    return this.checkout.find(orderId);
  }
}
