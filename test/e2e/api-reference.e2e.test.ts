/**
 * The API reference Tandem serves (issue 23): Scalar's bundle from the installed package renders
 * the OpenAPI document at /api/docs under the Content-Security-Policy, with nothing fetched from
 * another origin, and an integrator finds an operation in it.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { cspViolations, newContext, startServerAndBrowser } from '../support/e2e.ts';

describe.skipIf(!chromiumAvailable())('API reference in Chromium', () => {
  const e2e = startServerAndBrowser({ folderPrefix: 'tandem-e2e-api-' });

  it('renders the reference from Tandem alone and shows an operation', { timeout: 120_000 }, async () => {
    const context = await newContext(e2e.browser, { timeoutMs: 60_000 });
    // Requests that reached another origin (the policy blocks them before they are sent).
    const foreign: string[] = [];
    context.on('requestfinished', (request) => {
      if (!request.url().startsWith(e2e.server.url) && !request.url().startsWith('data:')) foreign.push(request.url());
    });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/api/docs`);
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
