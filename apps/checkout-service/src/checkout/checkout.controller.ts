import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import type { CheckoutAnswer } from '@app/contracts';
import { CheckoutService } from './checkout.service';
import { ProcessCheckoutDto } from './dto/process-checkout.dto';
import type { Order } from './order.interface';

@Controller()
export class CheckoutController {
  constructor(private readonly checkout: CheckoutService) {}

  @Get()
  status(): { service: string; status: 'UP' } {
    return { service: 'Checkout Service', status: 'UP' };
  }

  @Post('process')
  @HttpCode(HttpStatus.OK)
  process(@Body() checkout: ProcessCheckoutDto): Promise<CheckoutAnswer> {
    return this.checkout.process(checkout);
  }

  @Get('order/:id')
  order(@Param('id') orderId: string): Order {
    return this.checkout.find(orderId);
  }
}
