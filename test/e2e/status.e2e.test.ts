import { describe, expect, it } from 'vitest';
import { version } from '../../src/core/version.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { startServerAndBrowser } from '../support/e2e.ts';

describe.skipIf(!chromiumAvailable())('web app in Chromium', () => {
  const e2e = startServerAndBrowser({ folderPrefix: 'tandem-e2e-' });

  it('tells a visitor only that Tandem is up: version and database need a session', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.server.url}/about`);
    await expect.poll(() => page.getByTestId('status-up').textContent()).toContain('Tandem is running');
    expect(await page.getByTestId('status-version').count()).toBe(0);
    expect(await page.content()).not.toContain(version);
    await page.close();
  });

  it('keeps About public, sends module pages to sign-in, and shows not-found on unknown paths', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.server.url}/about`);
    // Module pages need a signed-in person: the guard sends the visitor to sign-in, client-side
    // (after the router has loaded the page's code, which takes a while on a busy machine).
    await page.getByRole('link', { name: 'Advisor', exact: true }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toBe(`${e2e.server.url}/sign-in`);
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1);
    // This server was never set up, and the sign-in page says so.
    await expect.poll(() => page.getByText('Tandem is not set up yet').count()).toBe(1);
    // A reload on a deep link is served the app, which routes it the same way.
    await page.goto(`${e2e.server.url}/advisor`);
    await expect.poll(() => page.url(), { timeout: 30_000 }).toBe(`${e2e.server.url}/sign-in`);
    await page.goto(`${e2e.server.url}/no/such/page`);
    await expect.poll(() => page.getByRole('heading', { name: 'Page not found' }).count()).toBe(1);
    await page.close();
  });
});
