/**
 * The pages inside the signed-in frame arrive with the frame prerendered (web/prerender.ts, issue
 * 22): the HTML alone paints the header, the navigation column and a loader, holding nothing of
 * the person; the live page then draws itself in the same frame without moving it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { shown, startPracticeServerAndBrowser } from '../support/e2e.ts';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the header, the product's name and the navigation column sit. */
async function frameLayout(page: Page): Promise<Box[]> {
  const parts = [
    page.locator('header'),
    page.locator('header').getByText('Tandem', { exact: true }),
    page.locator('nav'),
  ];
  return Promise.all(parts.map(async (part) => (await part.boundingBox())!));
}

/** The page's layout shifts so far, as Chromium scores them, with the elements that moved. */
function layoutShifts(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const shifts: string[] = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            const shift = entry as unknown as { value: number; sources: { node?: Node }[] };
            const moved = shift.sources.map((s) => (s.node instanceof Element ? s.node.outerHTML.slice(0, 120) : '?'));
            shifts.push(`${shift.value.toFixed(4)}: ${moved.join(' | ')}`);
          }
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(shifts), 500);
      }),
  );
}

describe.skipIf(!chromiumAvailable())('the prerendered frame of the signed-in pages', () => {
  const e2e = startPracticeServerAndBrowser('tandem-e2e-frame-');
  let shellLayout: Box[];

  it('paints header, navigation column and a loader from the HTML alone, with nothing of the person', async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const [name, value] = e2e.session.headers.cookie!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: e2e.server.url }]);
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/advisor`);
    await shown(page.locator('header').getByText('Tandem', { exact: true }));
    await shown(page.getByLabel('Loading'));
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(1);
    // Mantine's stylesheet is applied: the header is fixed at the theme's 56 px, the column 240 px wide.
    shellLayout = await frameLayout(page);
    expect(shellLayout[0]).toMatchObject({ y: 0, height: 56 });
    expect(shellLayout[2]!.width).toBe(240);
    const html = await page.content();
    for (const personal of ['admin@bench.example', 'Sign out', 'Advisor', 'People'])
      expect(html).not.toContain(personal);
    await context.close();
  }, 60_000);

  it('is filled by the live page without moving the frame', async () => {
    const page = await e2e.signedInPage();
    await page.goto(`${e2e.server.url}/advisor`);
    await shown(page.getByRole('heading', { name: 'Advisor', level: 1 }));
    await shown(page.getByRole('link', { name: 'Responsibilities', exact: true }));
    expect(await frameLayout(page)).toEqual(shellLayout);
    expect(await layoutShifts(page)).toEqual([]);
    // The navigation works from here as from any page.
    await page.getByRole('link', { name: 'Responsibilities', exact: true }).click();
    await shown(page.getByRole('heading', { name: 'Responsibilities', level: 1 }));
    await page.context().close();
  }, 120_000);
});
