import { BadRequestException, InternalServerErrorException } from '@nestjs/common';
import { detachedSwitchboard } from '@app/testing';
import { CurrencyService } from './currency.service';

describe('CurrencyService', () => {
  const switchboard = detachedSwitchboard('currency-service');
  const service = new CurrencyService(switchboard);

  describe('convert', () => {
    it('gives the rate of `to` against `from` without an amount', () => {
      expect(service.convert('USD', 'EUR')).toEqual({ from: 'USD', to: 'EUR', rate: 0.85 });
    });

    it('divides by the rate of `from` for a cross rate', () => {
      expect(service.convert('EUR', 'GBP').rate).toBeCloseTo(0.75 / 0.85, 12);
    });

    it('adds the amount and the converted value rounded to cents', () => {
      expect(service.convert('USD', 'JPY', 249.99)).toEqual({
        from: 'USD',
        to: 'JPY',
        rate: 110,
        amount: 249.99,
        converted: 27498.9,
      });
      expect(service.convert('EUR', 'USD', 10).converted).toBe(11.76);
      expect(service.convert('USD', 'GBP', -2.5).converted).toBe(-1.88);
    });

    it('converts an amount of zero', () => {
      expect(service.convert('GBP', 'CNY', 0)).toMatchObject({ amount: 0, converted: 0 });
    });

    it('checks `from` before `to`', () => {
      expect(() => service.convert('XXX', 'YYY')).toThrow('Currency XXX not supported');
      expect(() => service.convert('USD', 'YYY')).toThrow('Currency YYY not supported');
      expect(() => service.convert('USD', 'YYY')).toThrow(BadRequestException);
    });

    it('refuses an amount whose conversion overflows instead of answering null', () => {
      expect(() => service.convert('USD', 'JPY', 1e307)).toThrow('Invalid amount provided');
      expect(() => service.convert('USD', 'USD', Number.MAX_VALUE)).toThrow(
        'Invalid amount provided',
      );
    });
  });

  describe('scenario currency-eur-bug', () => {
    afterEach(() => switchboard.set('currency-eur-bug', false));

    it('fails USD to EUR with an amount only, and converts again when off', () => {
      switchboard.set('currency-eur-bug', true);
      expect(() => service.convert('USD', 'EUR', 10)).toThrow(InternalServerErrorException);
      expect(() => service.convert('USD', 'EUR', 10)).toThrow('Internal calculation error');
      expect(service.convert('USD', 'EUR')).toEqual({ from: 'USD', to: 'EUR', rate: 0.85 });
      expect(service.convert('EUR', 'USD', 10).converted).toBe(11.76);
      expect(service.convert('USD', 'GBP', 10).converted).toBe(7.5);
      switchboard.set('currency-eur-bug', false);
      expect(service.convert('USD', 'EUR', 10).converted).toBe(8.5);
    });
  });

  describe('rates', () => {
    it('lists every currency against USD by default rates', () => {
      expect(service.rates('USD')).toEqual({
        base: 'USD',
        rates: { USD: 1, EUR: 0.85, GBP: 0.75, JPY: 110, CAD: 1.25, AUD: 1.35, CNY: 6.45 },
      });
    });

    it('rebases and rounds to four decimals', () => {
      expect(service.rates('JPY').rates).toEqual({
        USD: 0.0091,
        EUR: 0.0077,
        GBP: 0.0068,
        JPY: 1,
        CAD: 0.0114,
        AUD: 0.0123,
        CNY: 0.0586,
      });
    });

    it('refuses an unknown base', () => {
      expect(() => service.rates('BTC')).toThrow('Currency BTC not supported');
    });
  });
});
