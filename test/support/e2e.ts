/** Small helpers every browser test uses. */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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

/** A fresh browser context with the page size, locale and time zone a test reads its screens in. */
export async function newContext(
  browser: Browser,
  options: { width?: number; height?: number; timezoneId?: string; timeoutMs?: number } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: 'en-US',
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  // Fail a step with Playwright's own description of what it waited for, well inside the test's time.
  context.setDefaultTimeout(options.timeoutMs ?? 15_000);
  // Chromium reports what the Content-Security-Policy blocked on the console.
  const violations: string[] = [];
  cspViolationsByContext.set(context, violations);
  context.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  return context;
}

const cspViolationsByContext = new WeakMap<BrowserContext, string[]>();

/** What the page's Content-Security-Policy blocked so far in this context (should be nothing). */
export function cspViolations(context: BrowserContext): string[] {
  return cspViolationsByContext.get(context) ?? [];
}

/** Fills and sends the sign-in form (the page must be on /sign-in). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await shown(page.getByRole('heading', { name: 'Sign in' }));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
