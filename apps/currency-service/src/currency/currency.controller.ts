import { Controller, Get, Query } from '@nestjs/common';
import { ConvertQuery } from './dto/convert.query';
import { RatesQuery } from './dto/rates.query';
import { Conversion, CurrencyService, RatesTable } from './currency.service';

@Controller()
export class CurrencyController {
  constructor(private readonly currency: CurrencyService) {}

  @Get()
  status(): { service: string; status: 'UP' } {
    return { service: 'Currency Service', status: 'UP' };
  }

  @Get('convert')
  convert(@Query() query: ConvertQuery): Conversion {
    return this.currency.convert(query.from, query.to, query.amount);
  }

  @Get('rates')
  rates(@Query() query: RatesQuery): RatesTable {
    return this.currency.rates(query.base);
  }
}
