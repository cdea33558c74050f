/**
 * First run and home in Chromium against a real `tandem serve` on an empty data folder: the root
 * says setup is pending and how to finish it, with no navigation; after setup through the
 * one-time link, signing in lands on home, whose next steps are all to do; running an assessment
 * from the step's link marks that step done.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { newContext, setupToken, shown, signIn, startServerAndBrowser } from '../support/e2e.ts';

const admin = { name: 'Mara Owner', email: 'mara@willow-clinic.example', password: 'lantern orchid 4471 harbor' };

const stepBadge = (page: Page, step: string) => page.getByTestId(`step-${step}`).locator('.mantine-Badge-root');

describe.skipIf(!chromiumAvailable())('first run and home in Chromium', () => {
  // A first run: the server starts on an empty folder, as after installing. initdb, every
  // migration and Chromium took over the 120 s default at load average 29.
  const e2e = startServerAndBrowser({ folderPrefix: 'tandem-e2e-home-', from: 'empty', hookTimeoutMs: 300_000 });

  it('says setup is pending, then lands on home after setup and marks the assessment step done', async () => {
    const context = await newContext(e2e.browser, { timeoutMs: 30_000 });
    const page = await context.newPage();

    await page.goto(`${e2e.server.url}/`);
    await shown(page.getByRole('heading', { name: 'Setup is pending' }));
    await shown(page.getByText('./bin/tandem setup'));
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Advisor' }).count()).toBe(0);
    // The fresh-install root's accessibility is checked here, on this suite's fresh server, rather
    // than by starting another server for the one page.
    await expect.poll(() => page.title(), { timeout: 15_000 }).toMatch(/^Setup is pending.* · Tandem$/);
    expect(await page.locator('h1').count()).toBe(1);
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${e2e.server.url}/setup?token=${encodeURIComponent(await setupToken(e2e.server))}`);
    await shown(page.getByRole('heading', { name: 'Set up Tandem' }));
    await page.getByLabel('Organisation name').fill('Willow Clinic');
    await page.getByText('The practice itself').click();
    await page.getByLabel('Practice name').fill('Willow Family Clinic');
    await page.getByLabel('Your name').fill(admin.name);
    await page.getByLabel('Your email').fill(admin.email);
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByLabel('Repeat the password').fill(admin.password);
    await page.getByRole('button', { name: 'Set up Tandem' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in');

    // The root no longer says setup is pending: a visitor is sent to sign in.
    await page.goto(`${e2e.server.url}/`);
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await signIn(page, admin.email, admin.password);
    await page.waitForURL((u) => u.pathname === '/home');
    await shown(page.getByRole('heading', { name: 'Home', level: 1 }));
    await shown(page.getByTestId('step-run_assessment'));
    for (const step of ['run_assessment', 'draft_matrix', 'agree_matrix', 'invite_people', 'turn_on_mfa'])
      expect(await stepBadge(page, step).textContent(), step).toBe('To do');
    await shown(page.getByTestId('attention-none'));

    await page.getByTestId('step-run_assessment').getByRole('link', { name: 'Open the advisor' }).click();
    await page.waitForURL((u) => u.pathname === '/advisor');
    await page.getByRole('button', { name: 'Load example' }).click();
    await page.getByRole('menuitem').first().click();
    await page.getByLabel('Iterations').fill('2000');
    await Promise.all([
      page.waitForURL((u) => /^\/advisor\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 90_000 }),
      page.getByRole('button', { name: 'Run assessment' }).click(),
    ]);

    await page.getByRole('link', { name: 'Home' }).click();
    await page.waitForURL((u) => u.pathname === '/home');
    await expect.poll(() => stepBadge(page, 'run_assessment').textContent(), { timeout: 30_000 }).toBe('Done');
    expect(await stepBadge(page, 'draft_matrix').textContent()).toBe('To do');
    await context.close();
  }, 300_000);
});
