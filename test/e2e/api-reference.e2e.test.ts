/**
 * The API reference Tandem serves (issue 23): Scalar's bundle from the installed package renders
 * the OpenAPI document at /api/docs under the Content-Security-Policy, with nothing fetched from
 * another origin, and an integrator finds an operation in it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser } from '../support/browser.ts';
import { cspViolations, newContext } from '../support/e2e.ts';
import { spawnServer, stopServer, type ServerProcess } from '../support/spawn-server.ts';

describe.skipIf(!chromiumAvailable())('API reference in Chromium', () => {
  let browser: Browser;
  let server: ServerProcess;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-e2e-api-'));

  beforeAll(async () => {
    server = await spawnServer({ TANDEM_DATA_DIR: dataDir });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('renders the reference from Tandem alone and shows an operation', { timeout: 120_000 }, async () => {
    const context = await newContext(browser, { timeoutMs: 60_000 });
    // Requests that reached another origin (the policy blocks them before they are sent).
    const foreign: string[] = [];
    context.on('requestfinished', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) foreign.push(request.url());
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/api/docs`);
    await page.getByText('Whether Tandem is up', { exact: false }).first().waitFor({ state: 'visible' });
    await page.getByText('api tokens', { exact: true }).first().click();
    await page.getByText('Create an API token; the token is in this reply only').first().waitFor({ state: 'attached' });
    expect(foreign).toEqual([]);
    // The bundle's stylesheet names Scalar's web fonts; the policy refuses them and nothing else.
    const refused = cspViolations(context).filter((message) => !/font 'https:\/\/fonts\.scalar\.com\//.test(message));
    expect(refused).toEqual([]);
    await context.close();
  });
});
