import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsIn, IsString } from 'class-validator';
import { SUPPORTED_CURRENCIES, currencyNotSupported } from '@app/contracts';

/**
 * Codes are case-insensitive ("eur" is EUR). Only ASCII letters are upper-cased: Unicode
 * case mapping would turn "uſd" (long s) into "USD" and accept a code nobody sent.
 */
function upperCaseAscii(value: unknown): unknown {
  return typeof value === 'string'
    ? value.replace(/[a-z]+/g, (letters) => letters.toUpperCase())
    : value;
}

/**
 * A query parameter holding one supported currency code. A repeated parameter arrives as
 * an array and is refused before the code is looked up.
 */
export function CurrencyCode(parameter: string): PropertyDecorator {
  // class-validator runs a property's rules in registration order, so IsString comes first
  return applyDecorators(
    Transform(({ value }) => upperCaseAscii(value)),
    IsString({ message: `${parameter} must be a single currency code` }),
    IsIn(SUPPORTED_CURRENCIES, { message: ({ value }) => currencyNotSupported(String(value)) }),
  );
}
