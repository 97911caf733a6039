import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsDefined,
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import {
  CheckoutBodyDto,
  CheckoutItemBodyDto,
  EmptyBodyMessage,
  currencyNotSupported,
  isSupportedCurrency,
  normalizeCurrencyCode,
} from '@app/contracts';
import {
  INVALID_ITEM_FORMAT,
  NO_CHECKOUT_DATA,
  invalidField,
  missingField,
} from '../checkout.messages';

const MAX_ITEMS = 100;
const MAX_QUANTITY = 1_000;
/** Catalog ids are int32 in every store the demo could be ported to. */
const MAX_PRODUCT_ID = 2_147_483_647;

/**
 * A field's rules in the order they are checked. Stacked decorators register bottom-up,
 * and class-validator (with stopAtFirstError) reports the first rule registered, so the
 * rules are listed here top-down instead: presence first, then type, then range.
 */
function Field(missingMessage: string, ...rules: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(IsDefined({ message: missingMessage }), ...rules);
}

function isAddress(value: unknown): boolean {
  if (typeof value === 'string') return value.trim().length > 0 && value.length <= 1_000;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const fields = Object.values(value as Record<string, unknown>);
  return (
    fields.length > 0 &&
    fields.length <= 20 &&
    fields.every(
      (field) =>
        field === null ||
        typeof field === 'number' ||
        (typeof field === 'string' && field.length <= 1_000),
    )
  );
}

/** A one-line address, or the `{street, city, state?, country, zip}` the load generator sends. */
function IsAddress(message: string): PropertyDecorator {
  return ValidateBy({ name: 'isAddress', validator: { validate: isAddress } }, { message });
}

function IsSupportedCurrency(): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSupportedCurrency',
      validator: { validate: (value) => typeof value === 'string' && isSupportedCurrency(value) },
    },
    { message: ({ value }) => currencyNotSupported(String(value)) },
  );
}

// `Invalid item format` (docs/API.md#checkout-service), made specific where the original demo
// accepted anything
const badProductId = {
  message: `${INVALID_ITEM_FORMAT}: product_id must be an integer from 1 to ${MAX_PRODUCT_ID}`,
};
const badQuantity = {
  message: `${INVALID_ITEM_FORMAT}: quantity must be an integer from 1 to ${MAX_QUANTITY}`,
};

export class CheckoutItemDto implements CheckoutItemBodyDto {
  @Field(
    INVALID_ITEM_FORMAT,
    IsInt(badProductId),
    Min(1, badProductId),
    Max(MAX_PRODUCT_ID, badProductId),
  )
  product_id!: number;

  @Field(
    INVALID_ITEM_FORMAT,
    IsInt(badQuantity),
    Min(1, badQuantity),
    Max(MAX_QUANTITY, badQuantity),
  )
  quantity!: number;
}

/**
 * The first broken rule wins, fields in the order below — the order in which the first
 * version checked for missing fields — so every bad body gets one deterministic message.
 * The API docs show it as CheckoutBodyDto, as the gateway does that passes bodies on;
 * `implements` keeps the two in step.
 */
@EmptyBodyMessage(NO_CHECKOUT_DATA)
export class ProcessCheckoutDto implements CheckoutBodyDto {
  @Field(
    missingField('user_id'),
    IsString({ message: invalidField('user_id') }),
    IsNotEmpty({ message: invalidField('user_id') }),
    MaxLength(128, { message: invalidField('user_id') }),
  )
  user_id!: string;

  @Field(
    missingField('user_currency'),
    IsString({ message: invalidField('user_currency') }),
    IsSupportedCurrency(),
  )
  // as case-insensitive as currency-service, which the gateway and shoppers also talk to
  @Transform(({ value }) => normalizeCurrencyCode(value))
  user_currency!: string;

  @Field(missingField('address'), IsAddress(invalidField('address')))
  address!: string | Record<string, string | number | null>;

  @Field(
    missingField('email'),
    IsString({ message: invalidField('email') }),
    MaxLength(254, { message: invalidField('email') }),
    IsEmail({}, { message: invalidField('email') }),
  )
  email!: string;

  @Field(
    missingField('items'),
    IsArray({ message: invalidField('items') }),
    ArrayNotEmpty({ message: invalidField('items') }),
    ArrayMaxSize(MAX_ITEMS, { message: `Too many items: at most ${MAX_ITEMS} per order` }),
    IsObject({ each: true, message: INVALID_ITEM_FORMAT }),
    ValidateNested({ each: true, message: INVALID_ITEM_FORMAT }),
    Type(() => CheckoutItemDto),
  )
  items!: CheckoutItemDto[];
}
