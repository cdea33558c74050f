/**
 * Every page of the web app, in Chromium against a real `tandem serve`, checked with axe-core
 * (WCAG 2.1 A and AA rules): no serious or critical violation, one <h1>, a tab title that names
 * the page, a skip link that takes keyboard focus past the navigation, and no failed request
 * (a missing favicon was a console 404). Signed out: sign-in, About, not found (the fresh-install
 * root that says setup is pending is checked in home.e2e.test.ts, on its fresh server); signed in as a practice's administrator: home,
 * each module, the assessment result, the matrix, monitoring, a check and the maintenance calendar, people, audit, outbox,
 * the device inventory and a device, backups, the organisation's overview of its practices, the service desk (its landing page, the patient desk's form, a ticket, desk settings, the report with its charts), account pages
 * (notification preferences too) and failed jobs.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedAssessmentAndDraft, signIn, type Session } from '../../bench/support/signed-in.ts';
import { seriousViolations } from '../support/axe.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { newContext, shown, startServerAndBrowser } from '../support/e2e.ts';

/** One IT-desk ticket, so the ticket page has a history to show. */
async function seedTicket(baseUrl: string, session: Session): Promise<string> {
  const practice = `${baseUrl}/api/v1/practices/${session.practiceId}`;
  const headers = { ...session.headers, 'content-type': 'application/json' };
  const { desks } = (await (await fetch(`${practice}/desks`, { headers })).json()) as {
    desks: { id: string; kind: string }[];
  };
  const res = await fetch(`${practice}/tickets`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      deskId: desks.find((d) => d.kind === 'it')!.id,
      category: 'printer',
      impact: 'low',
      urgency: 'medium',
      title: 'Front desk printer jams',
      description: 'Every third page jams since Monday.',
    }),
  });
  if (res.status !== 201) throw new Error(`POST tickets: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Opens the page, waits for its <h1>, and checks title, heading and axe. */
async function checkPageAt(page: Page, baseUrl: string, url: string, title: RegExp): Promise<void> {
  await page.goto(`${baseUrl}${url}`);
  const h1 = await shown(page.locator('h1'));
  expect(await h1.count(), url).toBe(1);
  await expect.poll(() => page.title(), { timeout: 15_000 }).toMatch(title);
  expect(await page.title()).toMatch(/ · Tandem$/);
  // Charts and tables come after the heading: wait until the page has settled.
  await page.waitForLoadState('networkidle');
  expect(await seriousViolations(page), url).toEqual([]);
}

describe.skipIf(!chromiumAvailable())('accessibility of every page in Chromium (axe-core)', () => {
  let session: Session;
  let assessmentId = '';
  let ticketId = '';
  let checkId = '';
  let deviceId = '';
  const failedRequests: string[] = [];
  const e2e = startServerAndBrowser({
    folderPrefix: 'tandem-e2e-a11y-',
    from: 'practice',
    ready: async (server) => {
      session = await signIn(server.url);
      ({ assessmentId } = await seedAssessmentAndDraft(server.url, session, 2_000));
      ticketId = await seedTicket(server.url, session);
      // A push check: it probes nothing, so the check page has a state and no network to reach.
      const created = await fetch(`${server.url}/api/v1/practices/${session.practiceId}/monitor/checks`, {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Nightly backup', probe: { kind: 'push' }, activity: 'backups' }),
      });
      checkId = ((await created.json()) as { check: { id: string } }).check.id;
      // A window within the hour, so the maintenance calendar lists one with its remove button.
      const window = await fetch(`${server.url}/api/v1/practices/${session.practiceId}/monitor/maintenance`, {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          startsAt: new Date(Date.now() + 600_000).toISOString(),
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
          reason: 'Backup server patching',
          scope: { checkId },
        }),
      });
      if (window.status !== 201) throw new Error(`maintenance window: ${window.status} ${await window.text()}`);
      const device = await fetch(`${server.url}/api/v1/practices/${session.practiceId}/devices`, {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Reception PC',
          kind: 'workstation',
          os: 'Windows 10 Pro',
          storesPatientData: true,
        }),
      });
      deviceId = ((await device.json()) as { id: string }).id;
    },
    hookTimeoutMs: 180_000,
  });

  async function contextFor(signedIn: boolean): Promise<BrowserContext> {
    const context = await newContext(e2e.browser, { timeoutMs: 30_000 });
    context.on('response', (response) => {
      if (response.status() >= 400 && !new URL(response.url()).pathname.startsWith('/api/'))
        failedRequests.push(`${response.status()} ${response.url()}`);
    });
    if (signedIn) {
      const [name, value] = session.headers.cookie!.split('=') as [string, string];
      await context.addCookies([{ name, value, url: e2e.server.url }]);
    }
    return context;
  }

  const checkPage = (page: Page, url: string, title: RegExp) => checkPageAt(page, e2e.server.url, url, title);

  it('has no serious or critical violations on the pages before sign-in', async () => {
    const context = await contextFor(false);
    const page = await context.newPage();
    await checkPage(page, '/sign-in', /^Sign in/);
    await checkPage(page, '/about', /^About Tandem/);
    await checkPage(page, '/no/such/page', /^Page not found/);
    await context.close();
  }, 120_000);

  it('has no serious or critical violations on any page of a signed-in administrator', async () => {
    const context = await contextFor(true);
    const page = await context.newPage();
    const pages: [string, RegExp][] = [
      ['/home', /^Home/],
      ['/overview', /^All practices/],
      ['/monitoring', /^Monitoring/],
      [`/monitoring/${checkId}`, /^Nightly backup/],
      ['/monitoring/maintenance', /^Maintenance calendar/],
      ['/advisor', /^Advisor/],
      // The guided profile form filled from an earlier run's profile (every section open).
      [`/advisor?from=${assessmentId}`, /^Advisor/],
      [`/advisor/${assessmentId}`, /^IT sourcing assessment: /],
      ['/responsibilities', /^Responsibilities/],
      ['/practice/people', /^People/],
      ['/practice/api-tokens', /^API tokens/],
      ['/practice/webhooks', /^Webhooks/],
      ['/practice/audit', /^Audit log/],
      ['/practice/outbox', /^Outbox/],
      ['/practice/desk', /^Service desk/],
      // The patient desk's form, with its notice that the text is patient data.
      ['/practice/desk/new?desk=patient', /^New ticket/],
      [`/practice/desk/tickets/${ticketId}`, /^Ticket T-\d+/],
      ['/practice/desk/settings', /^Desk settings/],
      // The report with its charts (the seeded ticket gives them a backlog bar to draw).
      ['/practice/desk/reports', /^Service desk reports/],
      ['/practice/devices', /^Devices/],
      [`/practice/devices/${deviceId}`, /^Reception PC/],
      ['/practice/backups', /^Backups/],
      ['/account/sessions', /^Account/],
      ['/account/password', /^Account/],
      ['/account/notifications', /^Account/],
      ['/account/notices', /^Account/],
      ['/system/jobs', /^Failed background jobs/],
      ['/system/webhooks', /^Webhooks/],
    ];
    for (const [url, title] of pages) await checkPage(page, url, title);
    await context.close();
  }, 240_000);

  it('lets a keyboard user skip past the header and navigation to the page', async () => {
    const context = await contextFor(true);
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/practice/people`);
    await shown(page.locator('h1'));
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
    await context.close();
  }, 60_000);

  it('asked for no file the server does not have (favicon included)', () => {
    expect(failedRequests).toEqual([]);
  });
});
