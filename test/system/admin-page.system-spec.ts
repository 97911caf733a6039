import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium } from '../support/browser';
import { Demo, getJson, startDemo } from '../support/processes';

function showsState(page: Page, state: 'ENABLED' | 'DISABLED', timeout: number): Promise<void> {
  return page.locator('#token-state', { hasText: new RegExp(`^${state}$`) }).waitFor({ timeout });
}

/** A cache started as `npm start` starts it, and a Chromium, for the tests of one describe block. */
function cacheAndBrowser(env: Record<string, string> = {}): { demo: Demo; browser: Browser } {
  const started = {} as { demo: Demo; browser: Browser };
  beforeAll(async () => {
    [started.demo, started.browser] = await Promise.all([
      startDemo(['instabook-cache'], env),
      launchChromium(),
    ]);
    await started.demo.process.waitForLine(/All 1 services are healthy/, 30_000);
  }, 60_000);

  afterAll(async () => {
    await started.browser?.close();
    if (started.demo) {
      started.demo.process.signalGroup('SIGINT');
      await started.demo.process.exited;
      await started.demo.process.kill();
    }
  }, 20_000);
  return started;
}

describe('the instabook-cache admin page in a real browser', () => {
  const running = cacheAndBrowser();

  it('shows the state, toggles it with a click, and agrees with the API', async () => {
    const { demo, browser } = running;
    const page = await browser.newPage();
    await page.goto(demo.url('instabook-cache', '/admin'));
    const state = page.locator('#token-state');
    const button = page.locator('#toggle-token');

    await showsState(page, 'ENABLED', 5_000);
    await expect(state.textContent()).resolves.toBe('ENABLED');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-enabled.png'), fullPage: true });

    await button.click();
    await showsState(page, 'DISABLED', 5_000);
    expect(await getJson(demo.url('instabook-cache', '/admin/token'))).toEqual({
      status: 200,
      body: { enabled: false },
    });
    await expect(page.locator('body').textContent()).resolves.toContain('401');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-disabled.png'), fullPage: true });

    await button.click();
    await showsState(page, 'ENABLED', 5_000);
    expect(await getJson(demo.url('instabook-cache', '/admin/token'))).toEqual({
      status: 200,
      body: { enabled: true },
    });
  }, 30_000);

  it('keeps two open tabs in agreement by refreshing', async () => {
    const { demo, browser } = running;
    const first = await browser.newPage();
    const second = await browser.newPage();
    await first.goto(demo.url('instabook-cache', '/admin'));
    await second.goto(demo.url('instabook-cache', '/admin'));
    await first.locator('#toggle-token').click();
    await showsState(second, 'DISABLED', 8_000);
    await first.locator('#toggle-token').click();
    await showsState(second, 'ENABLED', 8_000);
  }, 30_000);
});

describe('the admin page of a cache with ADMIN_TOKEN set', () => {
  const ADMIN_TOKEN = 'admin-page-system-test-token';
  const running = cacheAndBrowser({ ADMIN_TOKEN });

  it('shows the 401 of a switch without the token, and switches with it', async () => {
    const { demo, browser } = running;
    const page = await browser.newPage();
    await page.goto(demo.url('instabook-cache', '/admin'));
    await showsState(page, 'ENABLED', 5_000);

    await page.locator('#toggle-token').click();
    await page
      .locator('#error', { hasText: 'HTTP 401: Admin token required' })
      .waitFor({ timeout: 5_000 });
    expect(await getJson(demo.url('instabook-cache', '/admin/token'))).toMatchObject({
      body: { enabled: true },
    });

    await page.fill('#admin-token', ADMIN_TOKEN);
    await page.locator('#admin-token-form button[type="submit"]').click();
    await page.locator('#toggle-token').click();
    await showsState(page, 'DISABLED', 5_000);
    await expect(page.locator('#error').isHidden()).resolves.toBe(true);
    expect(await getJson(demo.url('instabook-cache', '/admin/token'))).toMatchObject({
      body: { enabled: false },
    });
    await page.locator('#toggle-token').click();
    await showsState(page, 'ENABLED', 5_000);
  }, 30_000);
});
