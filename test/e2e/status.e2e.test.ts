import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { version } from '../../src/core/version.ts';
import { chromiumAvailable, launchBrowser } from '../support/browser.ts';
import { spawnServer, stopServer, type ServerProcess } from '../support/spawn-server.ts';

describe.skipIf(!chromiumAvailable())('web app in Chromium', () => {
  let browser: Browser;
  let server: ServerProcess;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-e2e-'));

  beforeAll(async () => {
    server = await spawnServer({ TANDEM_DATA_DIR: dataDir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tells a visitor only that Tandem is up: version and database need a session', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/about`);
    await expect.poll(() => page.getByTestId('status-up').textContent()).toContain('Tandem is running');
    expect(await page.getByTestId('status-version').count()).toBe(0);
    expect(await page.content()).not.toContain(version);
    await page.close();
  });

  it('keeps About public, sends module pages to sign-in, and shows not-found on unknown paths', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/about`);
    // Module pages need a signed-in person: the guard sends the visitor to sign-in, client-side
    // (after the router has loaded the page's code, which takes a while on a busy machine).
    await page.getByRole('link', { name: 'Advisor' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toBe(`${server.url}/sign-in`);
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1);
    // This server was never set up, and the sign-in page says so.
    await expect.poll(() => page.getByText('Tandem is not set up yet').count()).toBe(1);
    // A reload on a deep link is served the app, which routes it the same way.
    await page.goto(`${server.url}/advisor`);
    await expect.poll(() => page.url(), { timeout: 30_000 }).toBe(`${server.url}/sign-in`);
    await page.goto(`${server.url}/no/such/page`);
    await expect.poll(() => page.getByRole('heading', { name: 'Page not found' }).count()).toBe(1);
    await page.close();
  });
});
