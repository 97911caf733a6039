import { CurrencyCode } from './currency-code.decorator';

export class RatesQuery {
  @CurrencyCode('base')
  base = 'USD';
}
