/**
 * The sign-in page arrives prerendered (web/prerender.ts, issue 22): the HTML alone paints the
 * frame and the form in Mantine's styles, and the live page, once its scripts have run, takes the
 * shell's place without moving anything and signs in as before.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { benchPassword } from '../../bench/support/signed-in.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { newContext, shown, signIn, startServerAndBrowser } from '../support/e2e.ts';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the heading, the two fields and the button sit on the page. */
async function formLayout(page: Page): Promise<Box[]> {
  const parts = [
    page.getByRole('heading', { name: 'Sign in' }),
    page.getByLabel('Email'),
    page.getByLabel(/^Password/),
    page.getByRole('button', { name: 'Sign in' }),
  ];
  return Promise.all(parts.map(async (part) => (await part.boundingBox())!));
}

describe.skipIf(!chromiumAvailable())('the prerendered sign-in page', () => {
  const e2e = startServerAndBrowser({
    folderPrefix: 'tandem-e2e-shell-',
    // Set up, so the live page shows no "not set up yet" notice above the form.
    from: 'practice',
    hookTimeoutMs: 180_000,
  });
  let shellLayout: Box[];

  it('paints the styled form from the HTML alone, its fields waiting for the scripts', async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/sign-in`);
    await shown(page.getByRole('heading', { name: 'Sign in', level: 1 }));
    // Typing into the shell would be lost when the live page replaces it: the fields take none yet.
    expect(await page.getByLabel('Email').getAttribute('readonly')).toBe('');
    expect(await page.getByLabel(/^Password/).getAttribute('readonly')).toBe('');
    expect(await page.getByRole('button', { name: 'Sign in' }).isDisabled()).toBe(true);
    // Mantine's stylesheet is applied: the card has the theme's md radius (0.5rem) and a border.
    const card = await page.locator('main').evaluate((main) => {
      const style = getComputedStyle(main);
      return { radius: style.borderTopLeftRadius, border: style.borderTopStyle };
    });
    expect(card).toEqual({ radius: '8px', border: 'solid' });
    shellLayout = await formLayout(page);
    await context.close();
  }, 60_000);

  it('is replaced by the live page without a layout shift, which then signs in', async () => {
    const context = await newContext(e2e.browser, { timeoutMs: 60_000 });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/sign-in`);
    // The live page's fields are editable: the scripts have run and replaced the shell.
    await expect.poll(() => page.getByLabel('Email').isEditable(), { timeout: 60_000 }).toBe(true);
    expect(await formLayout(page)).toEqual(shellLayout);
    const shifted = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) total += (entry as unknown as { value: number }).value;
          }).observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => resolve(total), 500);
        }),
    );
    expect(shifted).toBe(0);
    await signIn(page, 'admin@bench.example', benchPassword);
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 60_000 }).not.toBe('/sign-in');
    await context.close();
  }, 120_000);
});
