import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import request from 'supertest';
import { createE2eApp, metricSamples, uncounted } from '@app/testing';
import { AppModule } from '../src/app.module';

describe('currency-service (e2e)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createE2eApp(AppModule);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  it('answers its status on /', async () => {
    const res = await http().get('/').expect(200);
    expect(res.body).toEqual({ service: 'Currency Service', status: 'UP' });
  });

  describe('GET /convert', () => {
    it('defaults both currencies to USD', async () => {
      const res = await http().get('/convert').expect(200);
      expect(res.body).toEqual({ from: 'USD', to: 'USD', rate: 1 });
    });

    it('gives the rate without amount fields when no amount is sent', async () => {
      const res = await http().get('/convert?from=USD&to=EUR').expect(200);
      expect(res.body).toEqual({ from: 'USD', to: 'EUR', rate: 0.85 });
    });

    it('converts an amount, rounding to cents', async () => {
      const res = await http().get('/convert?from=USD&to=JPY&amount=699.99').expect(200);
      expect(res.body).toEqual({
        from: 'USD',
        to: 'JPY',
        rate: 110,
        amount: 699.99,
        converted: 76998.9,
      });
    });

    it('answers USD to EUR with an amount (the fault scenario is not built in)', async () => {
      const res = await http().get('/convert?from=USD&to=EUR&amount=100').expect(200);
      expect(res.body).toEqual({ from: 'USD', to: 'EUR', rate: 0.85, amount: 100, converted: 85 });
    });

    it('computes cross rates as rate(to) / rate(from)', async () => {
      const res = await http().get('/convert?from=EUR&to=GBP&amount=10').expect(200);
      expect(res.body).toEqual({
        from: 'EUR',
        to: 'GBP',
        rate: 0.75 / 0.85,
        amount: 10,
        converted: 8.82,
      });
    });

    it('accepts lower-case codes and answers with upper-case ones', async () => {
      const res = await http().get('/convert?from=usd&to=cad&amount=1e3').expect(200);
      expect(res.body).toEqual({
        from: 'USD',
        to: 'CAD',
        rate: 1.25,
        amount: 1000,
        converted: 1250,
      });
    });

    it.each([
      ['from=XYZ&to=EUR', 'Currency XYZ not supported'],
      ['from=USD&to=btc', 'Currency BTC not supported'],
      ['from=XXX&to=YYY&amount=abc', 'Currency XXX not supported'],
      ['to=YYY&amount=abc', 'Currency YYY not supported'],
      ['from=', 'Currency  not supported'],
      ['from=%2E%2E%2F%2E%2E%2Fx', 'Currency ../../X not supported'],
      ['from=EUR&from=USD', 'from must be a single currency code'],
      ['to=EUR&to=USD', 'to must be a single currency code'],
    ])('answers 400 for %s', async (query, error) => {
      const res = await http().get(`/convert?${query}`).expect(400);
      expect(res.body).toEqual({ error });
    });

    it.each([
      '',
      'abc',
      'NaN',
      'Infinity',
      '-Infinity',
      '0x10',
      '%2010',
      '1,5',
      '1e400',
      '1e307',
      '1&amount=2',
    ])('answers 400 Invalid amount provided for amount=%s', async (amount) => {
      const res = await http().get(`/convert?from=USD&to=JPY&amount=${amount}`).expect(400);
      expect(res.body).toEqual({ error: 'Invalid amount provided' });
    });

    it('never answers 5xx, whatever the query values', async () => {
      const value = fc.oneof(
        fc.string(),
        fc.constantFrom('USD', 'eur', 'JPY', 'nan', '1e308', '-0', '.5'),
        fc.double().map(String),
        fc.array(fc.string(), { minLength: 2, maxLength: 3 }),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.record({ from: value, to: value, amount: value }, { requiredKeys: [] }),
          async (query) => {
            const res = await http().get('/convert').query(query);
            expect([200, 400]).toContain(res.status);
            if (res.status === 200) {
              expect(Number.isFinite(res.body.rate)).toBe(true);
              if ('amount' in res.body) expect(Number.isFinite(res.body.converted)).toBe(true);
            } else {
              expect(typeof res.body.error).toBe('string');
            }
          },
        ),
        { numRuns: 100 },
      );
    });
  });

  describe('GET /rates', () => {
    it('lists every rate against USD by default', async () => {
      const res = await http().get('/rates').expect(200);
      expect(res.body).toEqual({
        base: 'USD',
        rates: { USD: 1, EUR: 0.85, GBP: 0.75, JPY: 110, CAD: 1.25, AUD: 1.35, CNY: 6.45 },
      });
    });

    it('rebases on another currency, rounded to four decimals', async () => {
      const res = await http().get('/rates?base=eur').expect(200);
      expect(res.body).toEqual({
        base: 'EUR',
        rates: {
          USD: 1.1765,
          EUR: 1,
          GBP: 0.8824,
          JPY: 129.4118,
          CAD: 1.4706,
          AUD: 1.5882,
          CNY: 7.5882,
        },
      });
    });

    it('answers 400 for an unknown base', async () => {
      const res = await http().get('/rates?base=XAU').expect(400);
      expect(res.body).toEqual({ error: 'Currency XAU not supported' });
    });

    it('answers 400 for a repeated base', async () => {
      const res = await http().get('/rates?base=EUR&base=USD').expect(400);
      expect(res.body).toEqual({ error: 'base must be a single currency code' });
    });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await http().get('/convert/USD').expect(404);
    expect(res.body).toEqual({ error: 'Cannot GET /convert/USD' });
  });

  it('exposes its documented and the uniform metrics labelled by route template', async () => {
    await http().get('/convert?from=USD&to=GBP').expect(200);
    await http().get('/convert?from=QQQ').expect(400);
    await http().get('/rates').expect(200);
    const res = await http().get('/metrics').expect(200);
    expect(
      uncounted(res.text, [
        ['currency_request_count', { method: 'GET', endpoint: '/convert', http_status: '200' }],
        ['currency_request_count', { method: 'GET', endpoint: '/convert', http_status: '400' }],
        ['currency_request_count', { method: 'GET', endpoint: '/rates', http_status: '200' }],
        ['http_requests_total', { method: 'GET', route: '/convert', status_code: '400' }],
      ]),
    ).toEqual([]);
    expect(
      metricSamples(res.text, 'currency_request_latency_seconds_bucket', {
        le: '0.005',
        method: 'GET',
        endpoint: '/convert',
      }),
    ).toHaveLength(1);
    expect(res.text).not.toContain('QQQ');
  });
});
