import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Session } from './instabook';
import { SessionInputDto } from './session-input.dto';
import type { Ad, CheckoutAnswer, CheckoutItem, Order, OrderLine, Product } from './shop';
import { SUPPORTED_CURRENCIES } from './currency';

// The answers more than one service gives, as the API docs show them. They describe the
// shapes in shop.ts and instabook.ts for the docs; nothing validates against them.

/** `GET /` of currency-service and checkout-service. */
export class ServiceStatusDto {
  @ApiProperty({ example: 'Currency Service' })
  service!: string;

  @ApiProperty({ enum: ['UP'] })
  status!: 'UP';
}

export class ProductDto implements Product {
  @ApiProperty({ example: 1 })
  id!: number;

  @ApiProperty({ example: 'Smartphone Model X' })
  name!: string;

  @ApiProperty({ example: 'Latest smartphone with advanced features' })
  description!: string;

  @ApiProperty({ description: 'In `currency`', example: 699.99 })
  price!: number;

  @ApiProperty({ enum: SUPPORTED_CURRENCIES, example: 'USD' })
  currency!: string;

  @ApiProperty({ example: 'https://example.com/smartphone.jpg' })
  image_url!: string;

  @ApiProperty({ type: [String], example: ['Electronics', 'Phones'] })
  categories!: string[];
}

export class AdDto implements Ad {
  @ApiProperty({ example: 'ad1' })
  id!: string;

  @ApiProperty({ example: 'https://example.com/promo/smartphone' })
  redirect_url!: string;

  @ApiProperty({ example: 'Get 10% off on the latest smartphones!' })
  text!: string;

  @ApiProperty({ example: 'https://example.com/assets/ad1.jpg' })
  image_url!: string;

  @ApiPropertyOptional({ description: 'Absent for a general ad', example: 1 })
  product_id?: number;

  @ApiProperty({ example: 'Electronics' })
  category!: string;
}

export class CheckoutItemBodyDto implements CheckoutItem {
  @ApiProperty({ minimum: 1, maximum: 2_147_483_647, example: 1 })
  product_id!: number;

  @ApiProperty({ minimum: 1, maximum: 1_000, example: 2 })
  quantity!: number;
}

/** An order as a shopper sends it (checkout-service's rules, which the gateway passes on). */
export class CheckoutBodyDto {
  @ApiProperty({ maxLength: 128, example: 'user-1' })
  user_id!: string;

  @ApiProperty({
    description: 'Case-insensitive; prices are converted from USD into it',
    enum: SUPPORTED_CURRENCIES,
    example: 'EUR',
  })
  user_currency!: string;

  @ApiProperty({
    description: 'One line, or an object of up to 20 string or number fields',
    oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }],
    example: { street: '123 Main St', city: 'New York', state: 'NY', country: 'USA', zip: '10001' },
  })
  address!: string | Record<string, string | number | null>;

  @ApiProperty({ format: 'email', maxLength: 254, example: 'user1@example.com' })
  email!: string;

  @ApiProperty({ type: [CheckoutItemBodyDto], minItems: 1, maxItems: 100 })
  items!: CheckoutItemBodyDto[];
}

export class CheckoutAnswerDto implements CheckoutAnswer {
  @ApiProperty({ format: 'uuid', example: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f' })
  order_id!: string;

  @ApiProperty({ description: 'In `currency`', example: 1189.98 })
  total!: number;

  @ApiProperty({ enum: SUPPORTED_CURRENCIES, example: 'EUR' })
  currency!: string;

  @ApiProperty({ enum: ['PROCESSED'] })
  status!: 'PROCESSED';
}

/** One product of a stored order, priced in the user's currency. */
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

/** A stored order: checkout-service's `GET /order/:id`, and the gateway's that passes it on. */
export class OrderDto implements Order {
  @ApiProperty({ format: 'uuid', example: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f' })
  order_id!: string;

  @ApiProperty({ example: 'user-1' })
  user_id!: string;

  @ApiProperty({ enum: SUPPORTED_CURRENCIES, example: 'EUR' })
  user_currency!: string;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }] })
  address!: Order['address'];

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

export class SessionDto extends SessionInputDto implements Session {
  @ApiProperty({ description: 'Set by the cache (ISO 8601)', example: '2026-01-01T12:00:00.000Z' })
  created_at!: string;
}
