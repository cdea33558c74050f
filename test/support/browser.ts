import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';
import { chromiumArgs } from './chromium.ts';

/** Launches Debian's Chromium headless; global-setup already decided whether it exists. */
async function launchBrowser(): Promise<Browser> {
  const executablePath = inject('chromiumPath');
  if (!executablePath) throw new Error(inject('chromiumMissing') ?? 'Chromium not available');
  return chromium.launch({ executablePath, headless: true, args: chromiumArgs });
}

let shared: Promise<Browser> | undefined;

/**
 * One Chromium per test worker process, for the browser suites it runs one after another: the
 * test files of a worker share this module (vitest.config.ts, isolate: false), and each suite's
 * own browser contexts keep its cookies and storage apart. Launching Chromium for every suite cost
 * some 1-2 s of CPU each. Playwright kills the browser when the worker process exits.
 */
export function sharedBrowser(): Promise<Browser> {
  shared ??= launchBrowser().then((browser) => {
    browser.on('disconnected', () => (shared = undefined));
    return browser;
  });
  // A launch that failed is tried again by the next suite rather than failing it too.
  shared.catch(() => (shared = undefined));
  return shared;
}

export const chromiumAvailable = (): boolean => inject('chromiumPath') !== null;
