import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { SERVICE_NAMES, ServiceName, TOPOLOGY } from '@app/config';
import { ARTIFACTS, launchChromium } from '../support/browser';
import { ServiceProcess, freePorts, getJson } from '../support/processes';

/**
 * An operation only that service's document lists, so a page showing another service's
 * document fails. The load generators serve the common endpoints only.
 */
const OWN_OPERATION: Record<ServiceName, string> = {
  'product-catalog': 'GET /product/{id}',
  'currency-service': 'GET /convert',
  'ad-service': 'GET /ad/{id}',
  'checkout-service': 'POST /process',
  gateway: 'GET /products',
  'instabook-cache': 'GET /cache/session/{id}',
  instabook: 'GET /booking/session/{id}',
  'load-generator': 'GET /metrics',
  'load-generator-instabook': 'GET /metrics',
};

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
}

/**
 * What went wrong in the page while it was open: a script error, an error in the console,
 * a request that failed or was answered 4xx/5xx (a missing Swagger UI file, say).
 */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('requestfailed', (request) =>
    problems.push(`${request.url()} failed: ${request.failure()?.errorText ?? 'unknown'}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.url()} answered ${response.status()}`);
  });
  return problems;
}

/** `GET /products` for each operation block Swagger UI rendered, in page order. */
function shownOperations(page: Page): Promise<string[]> {
  return page
    .locator('.opblock-summary')
    .evaluateAll((blocks) =>
      blocks.map(
        (block) =>
          `${block.querySelector('.opblock-summary-method')?.textContent ?? '?'} ` +
          `${block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '?'}`,
      ),
    );
}

function documentedOperations(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/**
 * Its downstreams at port 9 (discard), which refuses at once: the docs need none, and a load
 * generator must not send its traffic to whatever listens on a default port.
 */
function nowhereDownstreams(service: ServiceName): Record<string, string> {
  return Object.fromEntries(
    Object.keys(TOPOLOGY[service].downstreams).map((env) => [env, 'http://127.0.0.1:9']),
  );
}

/**
 * Every service's /docs, opened in one real Chromium. Each service runs as its built process,
 * one at a time: nine booting together outlast start-up deadlines on a busy 2-core machine.
 */
describe('the API docs UI in a real browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
  });

  it.each(SERVICE_NAMES)(
    '%s: /docs renders every operation of its document, and their answers',
    async (service) => {
      const [port] = await freePorts(1);
      const running = new ServiceProcess(service, port, nowhereDownstreams(service));
      try {
        await running.start(60_000);
        await showsItsDocs(browser, running, service);
      } finally {
        await running.kill();
      }
    },
    90_000,
  );
});

async function showsItsDocs(
  browser: Browser,
  running: ServiceProcess,
  service: ServiceName,
): Promise<void> {
  const { status, body } = await getJson(running.url('/docs-json'));
  expect(status).toBe(200);
  const document = body as OpenApiDocument;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = watchProblems(page);
  try {
    await page.goto(running.url('/docs'));
    // Without its files (a 404) or with a broken document, Swagger UI renders no operation.
    await page
      .locator('.opblock-summary')
      .first()
      .waitFor({ timeout: 15_000 })
      .catch((error: Error) => {
        throw new Error(`${error.message}\nin the page: ${problems.join('; ') || 'nothing'}`);
      });

    await expect(page.title()).resolves.toBe(`${service} API`);
    await expect(page.locator('.info .title').textContent()).resolves.toMatch(
      new RegExp(`^${service}\\b`),
    );
    const shown = await shownOperations(page);
    expect([...shown].sort()).toEqual(documentedOperations(document).sort());
    expect(shown).toContain(OWN_OPERATION[service]);

    // Opening the service's own operation lists its answers, error shape included.
    const [method, path] = OWN_OPERATION[service].split(' ');
    const operation = page.locator(`.opblock-${method.toLowerCase()}`, {
      has: page.locator(`.opblock-summary-path[data-path="${path}"]`),
    });
    await operation.locator('.opblock-summary').first().click();
    const statuses = operation.locator('.responses-table .response .response-col_status');
    await statuses.first().waitFor({ timeout: 5_000 });
    const listed = (await statuses.allTextContents()).map((text) => text.trim());
    expect(listed.sort()).toEqual(
      Object.keys(document.paths[path][method.toLowerCase()].responses).sort(),
    );

    await page.screenshot({ path: join(ARTIFACTS, `api-docs-${service}.png`), fullPage: true });
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
}
