/** Small helpers every browser test uses. */
import type { Locator } from 'playwright-core';
import type { ServerProcess } from './spawn-server.ts';

/** Waits until the first match is visible and hands the locator back. */
export async function shown(locator: Locator): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible' });
  return locator;
}

/** The one-time setup link Tandem prints when it starts on an empty database. */
export async function setupToken(server: ServerProcess): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    const token = /\/setup\?token=(\S+)/.exec(server.output())?.[1];
    if (token) return decodeURIComponent(token);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no setup link in the server's output:\n${server.output()}`);
}
