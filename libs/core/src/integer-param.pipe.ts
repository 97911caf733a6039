import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

const INTEGER = /^-?\d{1,15}$/;

/**
 * Parses a route parameter that must be a plain decimal integer ("7", "-1"); anything else
 * ("1.5", " ", "2x", "../x") is a 400 with the given message (docs/API.md#bad-input).
 */
@Injectable()
export class IntegerParamPipe implements PipeTransform<string, number> {
  constructor(private readonly message: string) {}

  transform(value: string): number {
    if (!INTEGER.test(value)) throw new BadRequestException(this.message);
    return Number(value);
  }
}
