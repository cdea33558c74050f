/**
 * The matrix grid from the keyboard, in Chromium against a real `tandem serve`, on the large
 * matrix of the benchmarks (500 activities x 30 parties, of which only a screenful of rows is
 * drawn): focus stays in the grid when a key jumps past the drawn rows (a second Page Down,
 * Ctrl+End, Ctrl+Home from far down), the focused cell is scrolled wholly into view both ways,
 * and what was only on hover (a party's side and coverage, why Propose is disabled) is on screen.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bigMatrix } from '../../bench/support/big-matrix.ts';
import { signIn, type Session } from '../../bench/support/signed-in.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { newContext, shown, startServerAndBrowser } from '../support/e2e.ts';

/** Rows per Page Down: (560 px view - 72 px header) / 40 px rows, rounded down (MatrixGrid.tsx). */
const page = 12;

describe.skipIf(!chromiumAvailable())('matrix grid keyboard in Chromium', () => {
  let tab: Page;
  let session: Session;
  const e2e = startServerAndBrowser({
    folderPrefix: 'tandem-e2e-grid-keys-',
    from: 'practice',
    ready: async (server) => {
      session = await signIn(server.url);
      const matrix = bigMatrix();
      // One gap (nobody Responsible for the first activity): an error, so Propose is disabled.
      matrix.assignments[0]!.responsible = [];
      const created = await fetch(`${server.url}/api/v1/practices/${session.practiceId}/matrix/versions`, {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ source: { kind: 'matrix', matrix } }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
    },
    hookTimeoutMs: 180_000,
  });
  beforeAll(async () => {
    const context = await newContext(e2e.browser, { timeoutMs: 30_000 });
    const [name, value] = session.headers.cookie!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: e2e.server.url }]);
    tab = await context.newPage();
    await tab.goto(`${e2e.server.url}/responsibilities`);
    await shown(tab.getByRole('gridcell'));
  }, 180_000);

  /** The focused cell's position, or what has focus instead. */
  const focused = () =>
    tab.evaluate(() => document.activeElement?.getAttribute('data-pos') ?? document.activeElement?.tagName);

  /** Whether the focused cell lies wholly inside the grid's view, clear of the sticky headers. */
  const focusedCellInView = () =>
    tab.evaluate(() => {
      const cell = document.activeElement!.getBoundingClientRect();
      const grid = document.querySelector('[role="grid"]')!;
      const box = grid.getBoundingClientRect();
      const rowHeader = grid.querySelector('[role="rowheader"]')!.getBoundingClientRect();
      const columnHeaders = grid.querySelector('[role="row"]')!.getBoundingClientRect();
      return (
        cell.left >= rowHeader.right - 1 &&
        cell.right <= box.left + grid.clientLeft + grid.clientWidth + 1 &&
        cell.top >= columnHeaders.bottom - 1 &&
        cell.bottom <= box.top + grid.clientTop + grid.clientHeight + 1
      );
    });

  it('keeps focus in the grid through Page Down past the drawn rows, Ctrl+End and Ctrl+Home', async () => {
    // A click on the cell that has focus opens its role menu; on another cell it moves focus there.
    await tab.locator('[data-pos="0:1"]').click();
    await expect.poll(focused).toBe('0:1');
    await tab.keyboard.press('ArrowLeft');
    await expect.poll(focused).toBe('0:0');
    await tab.keyboard.press('PageDown');
    await expect.poll(focused).toBe(`${page}:0`);
    await tab.keyboard.press('PageDown');
    await expect.poll(focused).toBe(`${2 * page}:0`);
    expect(await focusedCellInView()).toBe(true);
    await tab.keyboard.press('Control+End');
    await expect.poll(focused).toBe('499:29');
    expect(await focusedCellInView()).toBe(true);
    await tab.keyboard.press('Control+Home');
    await expect.poll(focused).toBe('0:0');
    expect(await focusedCellInView()).toBe(true);
  });

  it('scrolls a focused cell wholly into view sideways, past the sticky activity names', async () => {
    await tab.keyboard.press('End');
    await expect.poll(focused).toBe('0:29');
    expect(await focusedCellInView()).toBe(true);
    // Back left one cell at a time: each one is wholly visible, none half under the row headers.
    for (let col = 28; col >= 0; col--) {
      await tab.keyboard.press('ArrowLeft');
      await expect.poll(focused).toBe(`0:${col}`);
      expect(await focusedCellInView(), `column ${col}`).toBe(true);
    }
  });

  it("names each party's side and coverage on screen, and says why Propose is disabled", async () => {
    const header = tab.getByRole('columnheader', { name: /MSP team 0/ });
    expect(await header.textContent()).toContain('MSP · 24x7');
    expect(await tab.getByRole('columnheader', { name: /IT person 0/ }).textContent()).toContain(
      'Internal IT · business hours',
    );
    const propose = tab.getByRole('button', { name: 'Propose for agreement' });
    expect(await propose.isDisabled()).toBe(true);
    const reasonId = await propose.getAttribute('aria-describedby');
    expect(reasonId).toBeTruthy();
    expect(await tab.locator(`#${reasonId}`).textContent()).toMatch(
      /^Fix the (error|\d+ errors) in the findings first\.$/,
    );
  });
});
