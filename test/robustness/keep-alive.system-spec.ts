import { SERVER_KEEP_ALIVE_TIMEOUT_MS } from '@app/http-client';
import { RunningProcess, freePorts, getJson, startNode, waitFor } from '../support/processes';
import { sleep } from '@app/testing';

const BURST = 20;
/** Around the peer's keep-alive timeout, so some pooled socket is reused as its server closes it. */
const GAPS_MS = [-5, 0, 5].map((offset) => SERVER_KEEP_ALIVE_TIMEOUT_MS + offset);

describe('pooled keep-alive connections between services', () => {
  const processes: RunningProcess[] = [];

  afterAll(async () => {
    await Promise.all(processes.map((running) => running.kill()));
  });

  it('lose no call when bursts are separated by the peer keep-alive timeout', async () => {
    const [gateway, catalog, currency, ads] = await freePorts(4);
    const url = (port: number) => `http://127.0.0.1:${port}`;
    processes.push(
      startNode('dist/apps/product-catalog/src/main.js', [], { PORT: String(catalog) }),
      startNode('dist/apps/currency-service/src/main.js', [], { PORT: String(currency) }),
      startNode('dist/apps/ad-service/src/main.js', [], { PORT: String(ads) }),
      startNode('dist/apps/gateway/src/main.js', [], {
        PORT: String(gateway),
        PRODUCT_CATALOG_SERVICE: url(catalog),
        CURRENCY_SERVICE: url(currency),
        AD_SERVICE: url(ads),
      }),
    );
    for (const port of [catalog, currency, ads, gateway]) {
      await waitFor(
        `:${port} to be ready`,
        async () => (await getJson(`${url(port)}/health`).catch(() => undefined))?.status === 200,
      );
    }

    // Our own calls to the gateway use fresh connections (fetch's pool is not under test);
    // the gateway's pooled calls to catalog, currency and ads are. A lost ad call would be
    // hidden as `related_ads: []`, so the answer must carry the product's ad.
    const burst = () =>
      Promise.all(
        Array.from({ length: BURST }, () =>
          getJson(`${url(gateway)}/product/1?currency=EUR`, {
            headers: { connection: 'close' },
          }).then(
            (res) =>
              `${res.status} ads=${(res.body as { related_ads?: unknown[] }).related_ads?.length ?? 0}`,
            (error: Error) => error.message,
          ),
        ),
      );
    const answers: string[] = await burst();
    for (const gap of GAPS_MS) {
      await sleep(gap);
      answers.push(...(await burst()));
    }
    expect(answers.filter((answer) => answer !== '200 ads=1')).toEqual([]);
    expect(answers).toHaveLength(BURST * (GAPS_MS.length + 1));
  }, 90_000);
});
