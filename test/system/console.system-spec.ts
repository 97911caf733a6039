import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { SERVICE_NAMES, ServiceName } from '@app/config';
import { ARTIFACTS, launchChromium } from '../support/browser';
import { Demo, JsonAnswer, getJson, startDemo, waitFor } from '../support/processes';

/** Every service requires it for its scenario routes: the console must pass it on. */
const ADMIN_TOKEN = 'console-system-test-token';
const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };

function scenariosOf(demo: Demo, service: ServiceName): Promise<JsonAnswer> {
  return getJson(demo.url(service, '/admin/scenarios'), { headers: AUTH });
}

async function scenarioState(demo: Demo, service: ServiceName, name: string) {
  const { status, body } = await getJson(demo.url(service, `/admin/scenarios/${name}`), {
    headers: AUTH,
  });
  expect(status).toBe(200);
  return body as { enabled: boolean; params: Record<string, number | string> };
}

/** The scenario names the page lists for a service, in page order. */
function listedScenarios(page: Page, service: ServiceName): Promise<string[]> {
  return page
    .locator(`#services .scenario[data-service="${service}"]`)
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-scenario') ?? ''));
}

/** The error ratio the map shows for a service over the last poll; NaN before two polls. */
async function mapErrorRate(page: Page, service: ServiceName): Promise<number> {
  const value = await page
    .locator(`#map .node[data-service="${service}"]`)
    .getAttribute('data-error-rate');
  return value ? Number(value) : NaN;
}

/**
 * The console at /console in Chromium, with all nine services as real processes (started as
 * `npm start` does) and traffic from both load generators: it lists what every service lists,
 * its switches change the owning service, and its map shows an injected error rate.
 */
describe('the console in a real browser', () => {
  let demo: Demo;
  let browser: Browser;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([
      startDemo([...SERVICE_NAMES], { ADMIN_TOKEN }),
      launchChromium(),
    ]);
    await demo.process.waitForLine(/All 9 services are healthy/, 40_000);
  }, 45_000);

  afterAll(async () => {
    await browser?.close();
    if (!demo) return;
    demo.process.signalGroup('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      demo.process.exited,
      new Promise((resolve) => (timer = setTimeout(resolve, 8_000))),
    ]);
    clearTimeout(timer);
    await demo.process.kill();
  }, 15_000);

  it('lists every scenario, switches one on its service, and maps the error rate it causes', async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(demo.url('gateway', '/console'));

    // without the token the services refuse to list their scenarios, and the page says so
    await page
      .locator('#services .service[data-service="gateway"] .problem', {
        hasText: 'Admin token required',
      })
      .waitFor({ timeout: 10_000 });
    await page.fill('#admin-token', ADMIN_TOKEN);
    await page.click('#token-form button[type="submit"]');

    // every scenario of every service, as the service itself lists them
    for (const service of SERVICE_NAMES) {
      const listed = await scenariosOf(demo, service);
      expect(listed.status).toBe(200);
      const names = (listed.body.scenarios as { name: string }[]).map((s) => s.name);
      expect(names).toContain('readiness-fail');
      await waitFor(
        `the console to list the scenarios of ${service}`,
        async () => JSON.stringify(await listedScenarios(page, service)) === JSON.stringify(names),
        10_000,
      );
    }
    await page.locator('#poll-status', { hasText: 'all 9 services answer' }).waitFor();
    await page
      .locator('#map .node[data-service="ad-service"]:not([data-error-rate=""])')
      .waitFor({ timeout: 10_000 });
    expect(await mapErrorRate(page, 'ad-service')).toBeLessThan(0.1);

    // error-rate on ad-service at rate 1: its switch in the page changes ad-service itself
    const row = page.locator(
      '#services .scenario[data-service="ad-service"][data-scenario="error-rate"]',
    );
    await row.locator('input[data-param="rate"]').fill('1');
    await row.locator('input.switch').click();
    await waitFor(
      'ad-service to have error-rate on',
      async () => {
        const state = await scenarioState(demo, 'ad-service', 'error-rate');
        return state.enabled && state.params.rate === 1;
      },
      5_000,
    );
    await row.locator('input.switch:checked').waitFor({ timeout: 5_000 });
    try {
      // the shop's traffic reaches ad-service through the gateway: nearly all of it fails now
      await waitFor(
        'the map to show ad-service failing',
        async () => (await mapErrorRate(page, 'ad-service')) > 0.9,
        12_000,
        200,
      );
      await page.screenshot({ path: join(ARTIFACTS, 'console.png'), fullPage: true });
      // no other service is the source (the gateway serves pages without ads)
      expect(await mapErrorRate(page, 'product-catalog')).toBeLessThan(0.1);
    } finally {
      await row.locator('input.switch').click();
    }
    await waitFor(
      'ad-service to have error-rate off',
      async () => {
        return !(await scenarioState(demo, 'ad-service', 'error-rate')).enabled;
      },
      5_000,
    );
    await waitFor(
      'the map to show ad-service recovered',
      async () => (await mapErrorRate(page, 'ad-service')) < 0.1,
      10_000,
      200,
    );

    // a refusal of the service is shown in the row: a rate out of range names its param
    await row.locator('input[data-param="rate"]').fill('7');
    await row.locator('input.switch').click();
    await row.locator('.error', { hasText: /^HTTP 400: .*rate/ }).waitFor({ timeout: 5_000 });
    await expect(row.locator('input.switch').isChecked()).resolves.toBe(false);
    expect((await scenarioState(demo, 'ad-service', 'error-rate')).enabled).toBe(false);
    expect(problems).toEqual([]);
  }, 55_000);
});
