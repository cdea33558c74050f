/**
 * The responsibility grid with 500 activities x 30 parties, in Chromium against a real `tandem
 * serve` (issue 5: "the grid stays responsive with 500 activities"). Measures, in the page:
 * the first render of the grid, how many rows are in the DOM (virtualised: a screenful, not 500),
 * the time from a key press to the next painted frame for moving focus and for toggling a role
 * (which re-validates the whole matrix), and the frame after a scroll jump.
 *
 *   npx tsx bench/matrix-grid.bench.ts [--presses 100]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { ensureWebBuild } from '../scripts/web-build.mjs';
import { chromiumArgs, findChromium } from '../test/support/chromium.ts';
import { spawnServer, stopServer } from '../test/support/spawn-server.ts';
import { describeMachine } from './machine.ts';
import { bigMatrix } from './support/big-matrix.ts';
import { setupPractice, signIn } from './support/signed-in.ts';

const { values } = parseArgs({ options: { presses: { type: 'string', default: '100' } } });
const presses = Number(values.presses);
const found = findChromium();
if (!('path' in found)) throw new Error(found.missing);

ensureWebBuild({ announce: true });
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-grid-'));
setupPractice({ TANDEM_DATA_DIR: dataDir });
const server = await spawnServer({ TANDEM_DATA_DIR: dataDir });
const browser = await chromium.launch({ executablePath: found.path, headless: true, args: chromiumArgs });
try {
  const session = await signIn(server.url);
  const created = await fetch(`${server.url}/api/v1/practices/${session.practiceId}/matrix/versions`, {
    method: 'POST',
    headers: { ...session.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ source: { kind: 'matrix', matrix: bigMatrix() } }),
  });
  if (created.status !== 201) throw new Error(`draft not created: ${await created.text()}`);

  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const [name, value] = session.headers.cookie!.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.url }]);
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(`${server.url}/responsibilities`);
  await page.getByRole('gridcell').first().waitFor();
  const firstRender = Date.now() - t0;
  const rowsInDom = await page.getByRole('row').count();

  await page.getByRole('gridcell').first().click();
  /** Key press to the next painted frame, measured inside the page, for each press. */
  const timeKeys = (keys: string[]) =>
    page.evaluate(async (ks) => {
      const times: number[] = [];
      for (const key of ks) {
        const target = document.activeElement!;
        const start = performance.now();
        target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        times.push(performance.now() - start);
      }
      return times;
    }, keys);
  const moves = await timeKeys(Array.from({ length: presses }, (_, i) => (i % 2 ? 'ArrowRight' : 'ArrowDown')));
  const toggles = await timeKeys(Array.from({ length: presses }, () => 'c'));
  const scrolls = await page.evaluate(async (n) => {
    const grid = document.querySelector('[role="grid"]')!;
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      grid.scrollTop = ((i * 7919) % 500) * 40;
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      times.push(performance.now() - start);
    }
    return times;
  }, presses);

  const q = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  const line = (label: string, xs: number[]) =>
    `${label}: p50 ${q(xs, 0.5).toFixed(1)} ms, p95 ${q(xs, 0.95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;
  console.log(`machine: ${describeMachine()}`);
  console.log(
    `grid 500 activities x 30 parties: first render ${firstRender} ms (sign-in page excluded), ${rowsInDom} rows in the DOM`,
  );
  console.log(line(`move focus (${presses} presses, key to next frame)`, moves));
  console.log(line(`toggle a role and re-validate (${presses} presses)`, toggles));
  console.log(line(`scroll jump to a random row (${presses} jumps, two frames)`, scrolls));
} finally {
  await browser.close();
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}
