import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, CheckoutAnswerDto, CheckoutBodyDto, OrderDto } from '@app/contracts';
import { CheckoutClient } from '../clients/checkout.client';

const CHECKOUT_FAILED = '`Checkout service unavailable: …` or `Checkout service error: …`';

/**
 * Checkout traffic passes through untouched: no DTO here, because checkout-service owns the
 * rules and their messages, and its 4xx answers reach the user as it wrote them.
 */
@ApiTags('checkout')
@Controller()
export class CheckoutController {
  constructor(private readonly checkout: CheckoutClient) {}

  @Post('checkout')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Check out an order (passed on to checkout-service `POST /process`)' })
  @ApiBody({ type: CheckoutBodyDto })
  @ApiOkResponse({ type: CheckoutAnswerDto, description: "checkout-service's answer" })
  @ApiErrorResponses({
    400: "The body broke one of checkout-service's rules; its message as it wrote it",
    500: CHECKOUT_FAILED,
  })
  process(@Body() body: unknown): Promise<unknown> {
    return this.checkout.process(body);
  }

  /** Not in the original demo: lets a user follow up an order through the gateway. */
  @Get('order/:id')
  @ApiOperation({ summary: 'A stored order (from checkout-service `GET /order/:id`)' })
  @ApiParam({ name: 'id', description: 'The `order_id` of a checkout' })
  @ApiOkResponse({ type: OrderDto, description: 'The order as checkout-service stored it' })
  @ApiErrorResponses({ 404: '`Order not found`', 500: CHECKOUT_FAILED })
  order(@Param('id') orderId: string): Promise<unknown> {
    return this.checkout.order(orderId);
  }
}
