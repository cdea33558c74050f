/**
 * The sourcing advisor end to end, in Chromium against a real `tandem serve` on an empty data
 * folder: a practice administrator loads the 4-dentist example, runs it and reads the result
 * (fully managed, the cost, loss exceedance and tornado charts, a function's detail), fixes a
 * broken profile from the listed problems, runs a changed copy and compares the two, and opens
 * the printable report; an auditor then sees the history but no run controls.
 * The tests run in order and share the server and the administrator's browser context.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { cspViolations, newContext, setupToken, shown, signIn, startServerAndBrowser } from '../support/e2e.ts';
import { version } from '../../src/core/version.ts';
import { repoRoot } from '../support/spawn-server.ts';

const admin = {
  name: 'Rosa Manager',
  email: 'rosa.manager@riverside-dental.example',
  password: 'copper heron meadow 5190 tandem',
};
const auditor = {
  name: 'Avery Auditor',
  email: 'avery.auditor@riverside-dental.example',
  password: 'granite willow comet 2268 ledger',
};
const practiceName = 'Riverside Family Dental';
const iterations = '2000';
const dentalExample = readFileSync(path.join(repoRoot, 'examples', 'dental-4-no-it.yaml'), 'utf8');
const screenshots = { result: '/tmp/tandem-advisor-result.png', compare: '/tmp/tandem-advisor-compare.png' };
const assessmentPath = /^\/advisor\/[0-9a-f-]{36}$/;

/** Signs in and waits for the landing page. */
async function signInToHome(page: Page, email: string, password: string): Promise<void> {
  await signIn(page, email, password);
  await page.waitForURL((u) => u.pathname === '/home');
}

/** The profile's YAML editor, after switching the form to its advanced view. */
async function editor(page: Page): Promise<Locator> {
  const tab = page.getByRole('tab', { name: 'Advanced: edit as YAML' });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  return page.getByRole('textbox', { name: 'Practice profile' });
}

/** Submits the form and waits for the server's answer to the POST. */
async function runAssessment(page: Page): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && /\/assessments$/.test(new URL(r.url()).pathname), {
      timeout: 60_000,
    }),
    page.getByRole('button', { name: 'Run assessment' }).click(),
  ]);
  return response.status();
}

describe.skipIf(!chromiumAvailable())('advisor in Chromium: run, read, fix, compare, report', () => {
  let context: BrowserContext;
  let page: Page;
  let firstUrl = '';
  // The server and Chromium start slowly when the machine is shared: above the 120 s default.
  const e2e = startServerAndBrowser({
    folderPrefix: 'tandem-e2e-advisor-',
    // The default install, signed in: the system page names its engine.
    embedded: true,
    ready: async (server) => {
      const token = await setupToken(server);
      // The practice runs Tandem itself, so its first administrator is a practice administrator
      // (assessments.run, no second factor required). The identity test covers the setup screens.
      const setup = await fetch(`${server.url}/api/v1/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token,
          organization: { name: practiceName, kind: 'practice' },
          practice: { name: practiceName, specialty: 'dental', timeZone: 'America/Denver' },
          admin: { email: admin.email, displayName: admin.name, password: admin.password },
        }),
      });
      expect(setup.status, await setup.text()).toBe(201);
    },
    hookTimeoutMs: 300_000,
  });
  beforeAll(async () => {
    context = await newContext(e2e.browser, { timezoneId: 'America/Denver' });
    page = await context.newPage();
  }, 300_000);

  it('signs the practice administrator in and opens the Advisor, which has no assessments yet', async () => {
    await page.goto(`${e2e.server.url}/sign-in`);
    await signInToHome(page, admin.email, admin.password);
    await page.getByRole('link', { name: 'Advisor', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/advisor');
    await shown(page.getByRole('heading', { name: 'Advisor', exact: true }));
    await shown(page.getByText('No assessments yet.'));
  });

  it('runs the 4-dentist example and recommends fully managed, with the three charts drawn', async () => {
    await page.getByRole('button', { name: 'Load example' }).click();
    await page.getByRole('menuitem', { name: /Riverside Family Dental/ }).click();
    expect(await (await editor(page)).inputValue()).toBe(dentalExample);
    await shown(page.getByText('The profile passes every check.'));
    await page.getByLabel('Iterations').fill(iterations);
    await page.getByLabel('Seed').fill('7');
    expect(await runAssessment(page)).toBe(201);
    await page.waitForURL((u) => assessmentPath.test(u.pathname), { timeout: 30_000 });
    firstUrl = page.url();

    await shown(page.getByRole('heading', { level: 1, name: `IT sourcing assessment: ${practiceName}` }));
    expect(((await (await shown(page.getByTestId('overall-model'))).textContent()) ?? '').trim()).toBe('Fully managed');
    const conditions = page.getByRole('list', { name: 'Conditions' });
    await expect.poll(() => conditions.getByRole('listitem').count()).toBe(4);

    // Real charts: each container holds a drawn recharts SVG with its bars or lines. They load as
    // they near the screen (web/src/ui/NearScreen.tsx), so each is scrolled to first.
    for (const id of ['cost-chart', 'loss-exceedance-chart', 'tornado-chart']) {
      await page.getByTestId(id).scrollIntoViewIfNeeded();
      await expect.poll(() => page.getByTestId(id).locator('svg.recharts-surface').count()).toBeGreaterThan(0);
    }
    await expect
      .poll(() => page.getByTestId('cost-chart').locator('.recharts-bar-rectangle').count())
      .toBeGreaterThan(4);
    await expect.poll(() => page.getByTestId('loss-exceedance-chart').locator('.recharts-line-curve').count()).toBe(5);
    await expect
      .poll(() => page.getByTestId('tornado-chart').locator('.recharts-bar-rectangle').count())
      .toBeGreaterThan(0);
    // Each chart is a figure named by its title and described in words.
    await shown(page.getByRole('figure', { name: 'Yearly cost by plan and component' }));
    await shown(page.getByRole('figure', { name: 'Loss exceedance by plan' }));
    // Plans named as in the printable report (src/advisor/engine/report/labels.ts): "Today", "All fully managed".
    const caption = await page.getByTestId('cost-chart').locator('figcaption').textContent();
    expect(caption).toMatch(/All fully managed \$[\d,]+/);
    expect(caption).toMatch(/Today \$[\d,]+/);

    const functions = await shown(page.getByRole('table', { name: 'Recommendation by function' }));
    const helpDesk = functions.getByRole('row', { name: /Help desk \(IT\)/ });
    await shown(helpDesk.getByText('Fully managed', { exact: true }));
    await shown(page.getByRole('table', { name: 'Plans compared' }).getByText(/^\$[\d,]+$/));
    await page.screenshot({ path: screenshots.result, fullPage: true });
  });

  it("opens a function's detail: why, the options, break-even and who does what", async () => {
    await page.getByRole('button', { name: 'Details for Help desk (IT)' }).click();
    const drawer = await shown(page.getByRole('dialog'));
    const detail = await shown(drawer.getByTestId('function-detail'));
    await shown(detail.getByRole('heading', { name: 'Why' }));
    expect(
      await detail.getByRole('heading', { name: 'Why' }).locator('xpath=following-sibling::ul/li').count(),
    ).toBeGreaterThan(0);
    await shown(detail.getByRole('table', { name: 'Options for Help desk (IT)' }));
    await shown(detail.getByRole('heading', { name: 'Break-even' }));
    await shown(detail.getByText(/Help desk \(IT\): in-house/));
    const split = await shown(detail.getByRole('table', { name: 'Who does what for Help desk (IT)' }));
    expect(await split.getByRole('row').count()).toBeGreaterThan(1);
    await shown(split.getByRole('cell', { name: 'MSP' }));
    await page.keyboard.press('Escape');
    await drawer.first().waitFor({ state: 'hidden' });
  });

  it('serves the printable report as an HTML page, and as a download', async () => {
    const href = (await page.getByRole('link', { name: 'Open printable report' }).getAttribute('href')) ?? '';
    expect(href).toMatch(/\/assessments\/[0-9a-f-]{36}\/report\.html$/);
    const report = await page.request.get(`${e2e.server.url}${href}`);
    expect(report.status()).toBe(200);
    expect(report.headers()['content-type']).toMatch(/^text\/html/);
    const html = await report.text();
    expect(html).toMatch(/<html/i);
    expect(html).toContain(practiceName);

    const downloadHref = (await page.getByRole('link', { name: 'Download report' }).getAttribute('href')) ?? '';
    expect(downloadHref).toBe(`${href}?download=1`);
    const download = await page.request.get(`${e2e.server.url}${downloadHref}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toMatch(/^attachment/);
  });

  it('lists every problem of a broken profile with its path, in the browser and from the server', async () => {
    await page.getByRole('link', { name: '← Advisor' }).click();
    await page.waitForURL((u) => u.pathname === '/advisor');

    // A syntax error names its line, and nothing can be sent.
    await (await editor(page)).fill('practice:\n  providers: 4\n users: 16\n');
    const syntax = await shown(page.getByTestId('syntax-problems'));
    await shown(syntax.getByText('Line 3'));
    expect(await page.getByRole('button', { name: 'Run assessment' }).isDisabled()).toBe(true);
    // So does one in an uploaded JSON file, which replaces the editor's text.
    const json = '{\n  "practice": {\n    "providers": 4,\n    "users": 16\n  \n';
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'profile.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await shown(page.getByText('Loaded profile.json.'));
    expect(await (await editor(page)).inputValue()).toBe(json);
    await shown(page.getByTestId('syntax-problems').getByRole('button', { name: /^Line \d+$/ }));

    // Two problems at once: providers below 1 and a field the schema does not know.
    const broken = dentalExample
      .replace(/^practice:\n/m, 'practice:\n  colour: blue\n')
      .replace(/^(\s+providers:\s*)\d+/m, '$10');
    await (await editor(page)).fill(broken);
    const live = await shown(page.getByTestId('profile-problems'));
    await shown(live.getByText('profile.practice.providers'));
    await shown(live.getByText('profile.practice.colour'));

    await page.getByLabel('Iterations').fill(iterations);
    expect(await runAssessment(page)).toBe(400);
    const fromServer = await shown(page.getByTestId('server-problems'));
    const items = fromServer.getByRole('listitem');
    await expect.poll(() => items.count()).toBe(2);
    const lines = (await items.allTextContents()).join('\n');
    expect(lines).toContain('profile.practice.providers');
    expect(lines).toContain('profile.practice.colour');
    expect(lines).toMatch(/profile\.practice\.colour\s*:\s*unknown field/);
    expect(await fromServer.textContent()).not.toMatch(/something went wrong/i);
    // Each problem links to its line in the editor: the unknown field sits on the line after "practice:".
    const colourLine = broken.split('\n').findIndex((l) => l.trim() === 'colour: blue') + 1;
    await shown(items.filter({ hasText: 'colour' }).getByRole('button', { name: `Line ${colourLine}` }));
    expect(page.url()).toMatch(/\/advisor$/);
  });

  it('runs a changed copy of the first assessment and compares the two in the history', async () => {
    await page.goto(firstUrl);
    await page.getByRole('link', { name: 'Run again with changes' }).click();
    await page.waitForURL((u) => u.pathname === '/advisor' && u.searchParams.has('from'));
    await expect.poll(async () => (await editor(page)).inputValue()).toMatch(/users: 16/);
    // The earlier run's seed is kept (issue 14.9): only the changes move the figures.
    expect(await page.getByLabel('Seed').inputValue()).toBe('7');
    expect(await page.getByLabel('Iterations').inputValue()).toBe('2,000');
    const changed = (await (await editor(page)).inputValue()).replace(/users: 16\b/, 'users: 24');
    await (await editor(page)).fill(changed);
    await page.getByLabel('Name', { exact: true }).fill('Riverside with 24 users');
    await page.getByLabel('Iterations').fill(iterations);
    expect(await runAssessment(page)).toBe(201);
    await page.waitForURL((u) => assessmentPath.test(u.pathname) && u.toString() !== firstUrl, { timeout: 30_000 });
    // The heading names the practice; the run's own name is on the line under it.
    await shown(page.getByRole('heading', { name: `IT sourcing assessment: ${practiceName}` }));
    await shown(page.getByText(/^Riverside with 24 users\. Run /));

    await page.getByRole('link', { name: '← Advisor' }).click();
    const history = await shown(page.getByRole('table', { name: 'Past assessments' }));
    await expect.poll(() => history.getByRole('row').count()).toBe(3);
    await shown(history.getByRole('link', { name: 'Riverside with 24 users' }));
    await shown(history.getByRole('link', { name: practiceName }));
    const boxes = history.getByRole('checkbox', { name: /to compare/ });
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('button', { name: 'Compare selected' }).click();
    await page.waitForURL(
      (u) => u.pathname === '/advisor/compare' && u.searchParams.has('a') && u.searchParams.has('b'),
    );

    await shown(page.getByRole('heading', { name: 'Compare assessments' }));
    const plans = await shown(page.getByRole('table', { name: 'Plan totals' }));
    expect(await plans.getByRole('row').count()).toBe(6);
    await shown(page.getByTestId('changed-summary'));
    const profile = await shown(page.getByRole('table', { name: 'Profile changes' }));
    const users = profile.getByRole('row', { name: /practice\.users/ });
    await shown(users);
    expect((await users.getByRole('cell').allTextContents()).map((t) => t.trim())).toEqual(['16', '24']);
    await page.screenshot({ path: screenshots.compare, fullPage: true });
  });

  it('fills the guided form from scratch for a small dental practice, keeps it across the YAML view, and runs it', async () => {
    await page.goto(`${e2e.server.url}/advisor`);
    await shown(page.getByRole('tab', { name: 'Guided form', selected: true }));
    await page.getByLabel('Practice name').fill('Maple Street Dental');
    await page.getByRole('textbox', { name: 'Kind of practice' }).click();
    await page.getByRole('option', { name: 'Dental', exact: true }).click();
    await page.getByLabel('Providers').fill('3');
    // Fewer users than providers: the server's cross-field check, shown on the users field below.
    await page.getByLabel('Staff who use computers').fill('2');
    await page.getByLabel('Monthly MSP invoice').fill('1900');
    await page.getByRole('button', { name: 'Add a person' }).click();
    await page.getByLabel('Name (optional)').fill('Dana Lee');
    const person = page.getByRole('group', { name: 'Dana Lee' });
    await person.getByLabel('Yearly salary').fill('48000');
    await person.getByLabel('Share of full time').fill('0.5');
    await person.getByRole('checkbox', { name: 'End-user devices and EMR peripherals' }).check();
    await page.getByLabel('Multi-factor sign-in (MFA)').check();
    await page.getByLabel('We have written IT and security policies').check();

    // The YAML view prints the same profile; an unknown field typed there survives the way back.
    const yaml = await editor(page);
    const text = await yaml.inputValue();
    for (const line of [
      'name: Maple Street Dental',
      'specialty: dental',
      'providers: 3',
      'users: 2',
      'mspMonthlyCost: 1900',
      'name: Dana Lee',
      'salary: 48000',
      'fte: 0.5',
      '- end_user_devices',
      'requiresMfa: true',
      'writtenPolicies: true',
    ])
      expect(text, line).toContain(line);
    await yaml.fill(`${text}x-referred-by: county dental society\n`);
    await page.getByRole('tab', { name: 'Guided form' }).click();
    expect(await page.getByLabel('Providers').inputValue()).toBe('3');
    expect(await page.getByLabel('Practice name').inputValue()).toBe('Maple Street Dental');
    expect(await page.getByRole('group', { name: 'Dana Lee' }).getByLabel('Share of full time').inputValue()).toBe(
      '0.5',
    );
    expect(await page.getByLabel('Multi-factor sign-in (MFA)').isChecked()).toBe(true);
    expect(await (await editor(page)).inputValue()).toContain('x-referred-by: county dental society');
    await page.getByRole('tab', { name: 'Guided form' }).click();

    await page.getByLabel('Iterations').fill(iterations);
    expect(await runAssessment(page)).toBe(400);
    const users = page.getByLabel('Staff who use computers');
    await expect.poll(() => users.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await users.getAttribute('aria-describedby')) ?? '';
    const messages = await Promise.all(describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(messages.join(' ')).toContain('fewer users (2) than providers (3)');
    // The unknown field is listed too: the form has no question for it, so it is not lost.
    await shown(page.getByTestId('server-problems').getByText(/x-referred-by/));

    await (await editor(page)).fill(text);
    await page.getByRole('tab', { name: 'Guided form' }).click();
    await page.getByLabel('Staff who use computers').fill('12');
    expect(await runAssessment(page)).toBe(201);
    await page.waitForURL((u) => assessmentPath.test(u.pathname), { timeout: 30_000 });
    await shown(page.getByRole('heading', { level: 1, name: `IT sourcing assessment: ${practiceName}` }));
    await shown(page.getByText(/^Maple Street Dental\. Run /));
    await shown(page.getByRole('table', { name: 'Recommendation by function' }));
    await shown(page.getByRole('table', { name: 'Plans compared' }).getByText(/^\$[\d,]+$/));
  });

  it('ran every page so far, charts included, under the Content-Security-Policy, and shows a signed-in person the version', async () => {
    await page.goto(`${e2e.server.url}/about`);
    await expect.poll(() => page.getByTestId('status-version').textContent()).toBe(version);
    expect(await page.getByTestId('status-database').textContent()).toBe('Embedded (PGlite)');
    expect(cspViolations(context)).toEqual([]);
  });

  it('shows an auditor the history and the results, but no controls to run assessments', async () => {
    const session = (await (await page.request.get(`${e2e.server.url}/api/v1/auth/session`)).json()) as {
      csrfToken: string;
      memberships: { practiceId: string }[];
    };
    const practiceId = session.memberships[0]?.practiceId ?? '';
    const added = await page.request.post(`${e2e.server.url}/api/v1/practices/${practiceId}/members`, {
      headers: { 'x-csrf-token': session.csrfToken },
      data: { email: auditor.email, displayName: auditor.name, role: 'auditor' },
    });
    expect(added.status()).toBe(201);
    const link = ((await added.json()) as { invitationLink: string }).invitationLink;

    const auditorContext = await newContext(e2e.browser, { timezoneId: 'America/Denver' });
    const auditorPage = await auditorContext.newPage();
    await auditorPage.goto(link);
    await auditorPage.getByLabel('New password').fill(auditor.password);
    await auditorPage.getByLabel('Repeat the password').fill(auditor.password);
    await auditorPage.getByRole('button', { name: 'Create account and join' }).click();
    await auditorPage.waitForURL((u) => u.pathname === '/sign-in');
    await signInToHome(auditorPage, auditor.email, auditor.password);

    await auditorPage.getByRole('link', { name: 'Advisor', exact: true }).click();
    await shown(auditorPage.getByText('Your role can read assessments but not run new ones.'));
    expect(await auditorPage.getByRole('button', { name: 'Run assessment' }).count()).toBe(0);
    const history = await shown(auditorPage.getByRole('table', { name: 'Past assessments' }));
    // The header and three runs: the example, its changed copy and the guided form's.
    await expect.poll(() => history.getByRole('row').count()).toBe(4);
    await history.getByRole('link', { name: practiceName }).click();
    await shown(auditorPage.getByTestId('overall-model').getByText('Fully managed'));
    expect(await auditorPage.getByRole('link', { name: 'Run again with changes' }).count()).toBe(0);
    await auditorContext.close();
  });
});
