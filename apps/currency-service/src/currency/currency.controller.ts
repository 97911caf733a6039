import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, ServiceStatusDto } from '@app/contracts';
import { ConversionDto, RatesTableDto } from './dto/answers';
import { ConvertQuery } from './dto/convert.query';
import { RatesQuery } from './dto/rates.query';
import { Conversion, CurrencyService, RatesTable } from './currency.service';

const UNSUPPORTED = '`Currency XXX not supported`, or a code given twice';

@ApiTags('currency')
@Controller()
export class CurrencyController {
  constructor(private readonly currency: CurrencyService) {}

  @Get()
  @ApiOperation({ summary: 'Service status' })
  @ApiOkResponse({ type: ServiceStatusDto, description: 'Always, while the service runs' })
  status(): { service: string; status: 'UP' } {
    return { service: 'Currency Service', status: 'UP' };
  }

  @Get('convert')
  @ApiOperation({ summary: 'The rate between two currencies, and an amount converted with it' })
  @ApiOkResponse({
    type: ConversionDto,
    description: 'The rate, and the converted amount when one was given',
  })
  @ApiErrorResponses({
    400: `${UNSUPPORTED}; \`Invalid amount provided\``,
    500: '`Internal calculation error`: USD to EUR with an amount, while scenario currency-eur-bug is on',
  })
  convert(@Query() query: ConvertQuery): Conversion {
    return this.currency.convert(query.from, query.to, query.amount);
  }

  @Get('rates')
  @ApiOperation({ summary: 'Every supported rate against a base currency' })
  @ApiOkResponse({ type: RatesTableDto, description: 'The rates' })
  @ApiErrorResponses({ 400: UNSUPPORTED })
  rates(@Query() query: RatesQuery): RatesTable {
    return this.currency.rates(query.base);
  }
}
