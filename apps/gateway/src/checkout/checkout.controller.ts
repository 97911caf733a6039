import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CheckoutClient } from '../clients/checkout.client';

/**
 * Checkout traffic passes through untouched: no DTO here, because checkout-service owns the
 * rules and their messages, and its 4xx answers reach the user as it wrote them.
 */
@Controller()
export class CheckoutController {
  constructor(private readonly checkout: CheckoutClient) {}

  @Post('checkout')
  @HttpCode(HttpStatus.OK)
  process(@Body() body: unknown): Promise<unknown> {
    return this.checkout.process(body);
  }

  /** Not in the first version: lets a user follow up an order through the gateway. */
  @Get('order/:id')
  order(@Param('id') orderId: string): Promise<unknown> {
    return this.checkout.order(orderId);
  }
}
