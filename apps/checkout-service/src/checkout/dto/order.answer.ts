import { ApiProperty } from '@nestjs/swagger';
import { CheckoutBodyDto, SUPPORTED_CURRENCIES } from '@app/contracts';
import type { Order, OrderLine } from '../order.interface';

// A stored order as the API docs show it.

export class OrderLineDto implements OrderLine {
  @ApiProperty({ example: 2 })
  id!: number;

  @ApiProperty({ example: 'Laptop Pro' })
  name!: string;

  @ApiProperty({ example: 1104.99 })
  price!: number;

  @ApiProperty({
    description:
      "The user's currency, or USD when the conversion failed and the USD price was kept",
    enum: SUPPORTED_CURRENCIES,
    example: 'EUR',
  })
  currency!: string;

  @ApiProperty({ example: 1 })
  quantity!: number;

  @ApiProperty({ example: 1104.99 })
  item_total!: number;
}

export class OrderDto implements Order {
  @ApiProperty({ format: 'uuid', example: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f' })
  order_id!: string;

  @ApiProperty({ example: 'user-1' })
  user_id!: string;

  @ApiProperty({ enum: SUPPORTED_CURRENCIES, example: 'EUR' })
  user_currency!: string;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }] })
  address!: CheckoutBodyDto['address'];

  @ApiProperty({ example: 'user1@example.com' })
  email!: string;

  @ApiProperty({ type: [OrderLineDto] })
  products!: OrderLineDto[];

  @ApiProperty({ example: 1104.99 })
  total!: number;

  @ApiProperty({ enum: ['PROCESSED'] })
  status!: 'PROCESSED';

  @ApiProperty({
    description: 'When it was processed (ISO 8601)',
    example: '2026-01-01T12:00:00.000Z',
  })
  timestamp!: string;
}
