import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsIn, IsString } from 'class-validator';
import { SUPPORTED_CURRENCIES, currencyNotSupported, normalizeCurrencyCode } from '@app/contracts';

/** How the API docs show such a parameter. */
export const CURRENCY_PARAMETER = {
  description: 'A supported code, case-insensitive',
  enum: SUPPORTED_CURRENCIES,
  default: 'USD',
};

/**
 * A query parameter holding one supported currency code. A repeated parameter arrives as
 * an array and is refused before the code is looked up.
 */
export function CurrencyCode(parameter: string): PropertyDecorator {
  // class-validator runs a property's rules in registration order, so IsString comes first
  return applyDecorators(
    Transform(({ value }) => normalizeCurrencyCode(value)),
    IsString({ message: `${parameter} must be a single currency code` }),
    IsIn(SUPPORTED_CURRENCIES, { message: ({ value }) => currencyNotSupported(String(value)) }),
  );
}
