import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { ROOT } from './processes';
import { systemTool } from './system-tools';

/** Where browser suites leave their screenshots (git ignores it). */
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** The machine's Chromium (or Chrome), started with no network chatter of its own. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium for a suite, with the artifacts folder ready for its screenshots. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: systemTool('chromium'),
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
