import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsString, ValidateNested } from 'class-validator';
import { EmptyBodyMessage, InvalidBodyMessage } from '@app/contracts';
import { ContractValidationPipe } from './contract-validation.pipe';

class Line {
  @IsInt({ message: 'Invalid line' }) quantity!: number;
}

@EmptyBodyMessage('Nothing sent')
class Order {
  @IsDefined({ message: 'Missing required field: user_id' })
  @IsString({ message: 'Invalid field: user_id' })
  user_id!: string;

  @ValidateNested({ each: true })
  @Type(() => Line)
  lines: Line[] = [];
}

@InvalidBodyMessage('Invalid thing')
class Thing {
  @IsString() name!: string;
}

async function problem(metatype: new () => object, value: unknown): Promise<string> {
  try {
    await new ContractValidationPipe().transform(value, { type: 'body', metatype });
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).message;
  }
  return 'valid';
}

describe('ContractValidationPipe', () => {
  it('answers the empty-body message for {} and an absent body', async () => {
    expect(await problem(Order, {})).toBe('Nothing sent');
    expect(await problem(Order, undefined)).toBe('Nothing sent');
  });

  it('reports the first broken rule, depth first', async () => {
    expect(await problem(Order, { lines: [] })).toBe('Missing required field: user_id');
    expect(await problem(Order, { user_id: 5 })).toBe('Invalid field: user_id');
    expect(await problem(Order, { user_id: 'u', lines: [{ quantity: 1.5 }] })).toBe('Invalid line');
    expect(await problem(Order, { user_id: 'u', lines: [{ quantity: 2 }] })).toBe('valid');
  });

  it('rejects bodies that are not JSON objects', async () => {
    expect(await problem(Order, [1, 2])).toBe('Request body must be a JSON object');
    expect(await problem(Order, 'text')).toBe('Request body must be a JSON object');
  });

  it('answers one message for every problem where the DTO names one', async () => {
    expect(await problem(Thing, { name: 1 })).toBe('Invalid thing');
    expect(await problem(Thing, [])).toBe('Invalid thing');
    expect(await problem(Thing, {})).toBe('Invalid thing');
    expect(await problem(Thing, { name: 'ok' })).toBe('valid');
  });

  it('leaves single primitive parameters to their own pipes', async () => {
    const pipe = new ContractValidationPipe();
    expect(await pipe.transform(' ', { type: 'param', metatype: Number, data: 'id' })).toBe(' ');
  });
});
