/**
 * The Monitoring page in Chromium against a real `tandem serve` (which runs the scheduler): the
 * practice's administrator adds an HTTP check on a site on 127.0.0.1 (allowed as a private target),
 * sees it go up; the site is taken down, the check goes down on its next run and its incident
 * ticket exists on the IT desk (in triage, with no assignee: the practice has no agreed matrix);
 * then a weekly maintenance window is added on the check's page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { cspViolations, shown, startPracticeServerAndBrowser } from '../support/e2e.ts';
import { MonitoredSite } from '../support/monitored-site.ts';

describe.skipIf(!chromiumAvailable())('monitoring page in Chromium', () => {
  let site: MonitoredSite;
  beforeAll(async () => {
    site = await MonitoredSite.start();
  });
  afterAll(async () => {
    await site?.close().catch(() => undefined);
  });
  const e2e = startPracticeServerAndBrowser('tandem-e2e-monitoring-');

  it('adds an HTTP check, sees it up, then down with an incident ticket once the site stops', async () => {
    const page = await e2e.signedInPage();
    await page.goto(`${e2e.server.url}/home`);
    await page.getByRole('link', { name: 'Monitoring', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/monitoring');
    await shown(page.getByText('No checks yet.'));

    await page.getByRole('button', { name: 'Add check' }).click();
    const dialog = await shown(page.getByRole('dialog'));
    await dialog.getByLabel('Name').fill('Patient portal');
    await dialog.getByLabel('URL').fill(site.url);
    await dialog.getByLabel('Every (seconds)').fill('10');
    await dialog.getByLabel('Failures before down').fill('1');
    await dialog.getByLabel('Allow private targets').click();
    await dialog.getByRole('button', { name: 'Add check' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByRole('row').filter({ hasText: 'Patient portal' });
    // The first run comes within 5 s; the list refreshes every 5 s.
    await shown(row.getByText('Up', { exact: true }));
    await row.getByRole('link', { name: 'Patient portal' }).click();
    await shown(page.getByRole('heading', { name: 'Patient portal' }));
    await shown(page.getByRole('table', { name: 'Results' }).getByText(/HTTP 200 in \d+ ms/));

    await site.close();
    await page.getByTestId('check-state').filter({ hasText: 'Down' }).waitFor({ timeout: 90_000 });
    // The practice's first ticket: the incident, linked by its number.
    const ticketLink = await shown(page.getByTestId('incident-ticket'));
    expect(await ticketLink.textContent()).toBe('Ticket T-1');
    expect(await ticketLink.getAttribute('href')).toMatch(/^\/practice\/desk\/tickets\/[0-9a-f-]{36}$/);

    const checks = (await (
      await fetch(`${e2e.server.url}/api/v1/practices/${e2e.session.practiceId}/monitor/checks`, {
        headers: e2e.session.headers,
      })
    ).json()) as { checks: { incidentTicketId: string; state: string }[] };
    expect(checks.checks[0]!.state).toBe('down');
    // The desk shows its tickets to those who work them; the audit log shows the monitor opened it.
    const audit = (await (
      await fetch(`${e2e.server.url}/api/v1/practices/${e2e.session.practiceId}/audit?action=ticket.created`, {
        headers: e2e.session.headers,
      })
    ).json()) as { entries: { targetId: string; actorLabel: string; details: { assignee: string | null } }[] };
    expect(audit.entries).toEqual([
      expect.objectContaining({
        targetId: checks.checks[0]!.incidentTicketId,
        actorLabel: 'Tandem monitoring',
        details: expect.objectContaining({ assignee: null }),
      }),
    ]);

    // A weekend patching window, repeating weekly at the same local time.
    const form = page.getByRole('form', { name: 'Add a maintenance window' });
    await form.getByLabel('Starts').fill('2026-12-12T22:00');
    await form.getByLabel('Ends').fill('2026-12-13T02:00');
    await form.getByLabel('Reason').fill('Weekend patching');
    await form.getByRole('textbox', { name: 'Repeats' }).click();
    await page.getByRole('option', { name: 'Every week on…' }).click();
    await form.getByText('Sat', { exact: true }).click();
    await form.getByText('Sun', { exact: true }).click();
    await form.getByRole('button', { name: 'Add window' }).click();
    await shown(page.getByText(/then every Sat, Sun at the same time \(.+\): Weekend patching/));
    expect(cspViolations(page.context())).toEqual([]);
  }, 240_000);
});
