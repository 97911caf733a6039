import type { INestApplication } from '@nestjs/common';
import type { AddressInfo, Server } from 'node:net';
import request from 'supertest';
import { CURRENCY_RATES, roundTo } from '@app/contracts';
import { createE2eApp, refusedUrl, withConfig } from '@app/testing';
import { checkoutConfig } from '../apps/checkout-service/src/config/checkout.config';
import { gatewayConfig } from '../apps/gateway/src/config/gateway.config';
import { APP_MODULES } from './support/app-modules';

/** Product 1 of the catalog, and what it costs in EUR when the conversion works. */
const PHONE = { id: 1, usd: 699.99 };
const PHONE_EUR = roundTo(PHONE.usd * CURRENCY_RATES.EUR, 2);

const EUR_CHECKOUT = {
  user_id: 'user-3',
  user_currency: 'EUR',
  address: { street: '789 King St', city: 'London', country: 'UK', zip: 'SW1A 1AA' },
  email: 'user3@example.com',
  items: [{ product_id: PHONE.id, quantity: 2 }],
};

/** Starts the app on a free port of 127.0.0.1 and answers its base URL. */
async function listening(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/**
 * Scenario currency-eur-bug along the real chain gateway → checkout-service →
 * currency-service (+ product-catalog), each a real app, the three downstreams listening on
 * 127.0.0.1: the bug is a 500 at currency-service only, a USD price in a EUR order at the
 * checkout, and no 5xx at the gateway.
 */
describe('scenario currency-eur-bug through checkout and the gateway (e2e)', () => {
  const apps: INestApplication[] = [];
  let currency: INestApplication;
  let gateway: INestApplication;

  beforeAll(async () => {
    const build = async (...args: Parameters<typeof createE2eApp>) => {
      const app = await createE2eApp(...args);
      apps.push(app);
      return app;
    };
    // no readiness drain on close: nothing routes traffic to a test app
    const service = { shutdownDrainMs: 0 };
    const catalogUrl = await listening(
      await build(await APP_MODULES['product-catalog'](), { service }),
    );
    currency = await build(await APP_MODULES['currency-service'](), { service });
    const currencyUrl = await listening(currency);
    const checkout = await build(await APP_MODULES['checkout-service'](), {
      service,
      config: [withConfig(checkoutConfig, { productCatalogUrl: catalogUrl, currencyUrl })],
    });
    const checkoutUrl = await listening(checkout);
    gateway = await build(await APP_MODULES.gateway(), {
      service,
      config: [
        withConfig(gatewayConfig, {
          productCatalogUrl: catalogUrl,
          currencyUrl,
          checkoutUrl,
          // ads degrade to none: not part of this story
          adUrl: await refusedUrl(),
        }),
      ],
    });
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
  });

  const switchBug = async (enabled: boolean) => {
    const res = await request(currency.getHttpServer())
      .put('/admin/scenarios/currency-eur-bug')
      .send({ enabled })
      .expect(200);
    expect(res.body).toMatchObject({ name: 'currency-eur-bug', enabled, params: {} });
  };

  /** A EUR checkout through the gateway, and the order checkout-service stored for it. */
  async function eurCheckout() {
    const answer = await request(gateway.getHttpServer()).post('/checkout').send(EUR_CHECKOUT);
    expect(answer.status).toBe(200);
    const order = await request(gateway.getHttpServer())
      .get(`/order/${(answer.body as { order_id: string }).order_id}`)
      .expect(200);
    return { answer: answer.body as Record<string, unknown>, order: order.body as OrderBody };
  }

  interface OrderBody {
    user_currency: string;
    total: number;
    products: { id: number; price: number; currency: string; item_total: number }[];
  }

  const expectEurPrices = ({ answer, order }: Awaited<ReturnType<typeof eurCheckout>>) => {
    const total = roundTo(PHONE_EUR * 2, 2);
    expect(answer).toMatchObject({ currency: 'EUR', total, status: 'PROCESSED' });
    expect(order.products).toEqual([
      expect.objectContaining({
        id: PHONE.id,
        price: PHONE_EUR,
        currency: 'EUR',
        item_total: total,
      }),
    ]);
  };

  it('prices a EUR checkout in EUR while the scenario is off', async () => {
    expectEurPrices(await eurCheckout());
  });

  it('while on: currency-service answers 500, the EUR checkout silently keeps USD prices, the gateway no 5xx', async () => {
    await switchBug(true);
    try {
      const convert = () => request(currency.getHttpServer()).get('/convert');
      const broken = await convert().query({ from: 'USD', to: 'EUR', amount: 10 }).expect(500);
      expect(broken.body).toEqual({ error: 'Internal calculation error' });
      // only amounts from USD into EUR: rate lookups and other currencies still answer
      await convert().query({ from: 'USD', to: 'EUR' }).expect(200);
      await convert().query({ from: 'USD', to: 'GBP', amount: 10 }).expect(200);
      await convert().query({ from: 'EUR', to: 'USD', amount: 10 }).expect(200);

      const { answer, order } = await eurCheckout();
      const usdTotal = roundTo(PHONE.usd * 2, 2);
      // the answer claims EUR, but the amount is the USD one: nothing failed on the way up
      expect(answer).toMatchObject({ currency: 'EUR', total: usdTotal, status: 'PROCESSED' });
      expect(order.user_currency).toBe('EUR');
      expect(order.products).toEqual([
        expect.objectContaining({ id: PHONE.id, price: PHONE.usd, currency: 'USD' }),
      ]);
      // the shop's pages convert with the rate alone, so EUR prices still show there
      const page = await request(gateway.getHttpServer())
        .get(`/product/${PHONE.id}`)
        .query({ currency: 'EUR' })
        .expect(200);
      expect(page.body.product).toMatchObject({ price: PHONE_EUR, currency: 'EUR' });
    } finally {
      await switchBug(false);
    }
  });

  it('prices EUR checkouts in EUR again once switched off', async () => {
    await switchBug(true);
    await switchBug(false);
    await request(currency.getHttpServer())
      .get('/convert')
      .query({ from: 'USD', to: 'EUR', amount: 10 })
      .expect(200, {
        from: 'USD',
        to: 'EUR',
        rate: CURRENCY_RATES.EUR,
        amount: 10,
        converted: 8.5,
      });
    expectEurPrices(await eurCheckout());
  });
});
