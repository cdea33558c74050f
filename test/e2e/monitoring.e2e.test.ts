/**
 * The Monitoring page in Chromium against a real `tandem serve` (which runs the scheduler): the
 * practice's administrator adds an HTTP check on a site on 127.0.0.1 (allowed as a private target),
 * sees it go up; the site is taken down, the check goes down on its next run and its incident
 * ticket exists on the IT desk (in triage, with no assignee: the practice has no agreed matrix);
 * then a weekly maintenance window is added on the check's page. Then the check page's uptime bars,
 * the maintenance calendar (the weekly window, a window added from it, and a site's window added,
 * listed with its scope and removed), the check's page listing its device's and site's windows
 * (one removed there), and a check on a site that fails every other time: after its
 * 21 runs (about 3.5 minutes at 10 s, driven for real, not set in the database, which the server's
 * embedded PGlite holds alone) the MSP overview shows it flapping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { cspViolations, shown, startPracticeServerAndBrowser } from '../support/e2e.ts';
import { MonitoredSite } from '../support/monitored-site.ts';
import { waitFor } from '../support/wait-for.ts';

describe.skipIf(!chromiumAvailable())('monitoring page in Chromium', () => {
  let site: MonitoredSite;
  let flappy: MonitoredSite;
  beforeAll(async () => {
    site = await MonitoredSite.start();
    flappy = await MonitoredSite.start();
    flappy.alternate = true;
  });
  afterAll(async () => {
    await site?.close().catch(() => undefined);
    await flappy?.close().catch(() => undefined);
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
    const weekly = page.getByTestId('check-window').filter({ hasText: 'Weekend patching' });
    await shown(weekly.getByText(/then every Sat, Sun at the same time \(.+\)/));
    await shown(weekly.getByText('Check Patient portal'));
    expect(cspViolations(page.context())).toEqual([]);
  }, 240_000);

  it('shows uptime bars, the maintenance calendar with its windows, and a flapping check on the overview', async () => {
    const practice = `${e2e.server.url}/api/v1/practices/${e2e.session.practiceId}`;
    // An hour's interval: its runs are the ones asked for below, 21 of them before it can be judged to flap.
    const created = await fetch(`${practice}/monitor/checks`, {
      method: 'POST',
      headers: { ...e2e.session.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Flaky VPN',
        probe: { kind: 'http', url: flappy.url },
        intervalSeconds: 3600,
        activity: 'network',
        allowPrivateTargets: true,
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    // A device at a site, so the calendar's form can cover the site.
    const device = await fetch(`${practice}/devices`, {
      method: 'POST',
      headers: { ...e2e.session.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Front desk PC', kind: 'workstation', site: 'Main St' }),
    });
    expect(device.status, await device.clone().text()).toBe(201);

    const page = await e2e.signedInPage();
    await page.goto(`${e2e.server.url}/monitoring`);
    await page.getByRole('row').filter({ hasText: 'Patient portal' }).getByRole('link').click();
    await shown(page.getByRole('heading', { name: 'Patient portal' }));
    // 90 bars, today's among them with the runs of the first test; the table says the same in text.
    const bars = await shown(page.getByTestId('uptime-bars'));
    expect(await bars.locator('span').count()).toBe(90);
    const today = new Date().toISOString().slice(0, 10);
    expect(await bars.locator('span').last().getAttribute('title')).toMatch(new RegExp(`^${today}: \\d+\\.\\d\\d %`));
    await shown(page.getByTestId('uptime-periods').getByText('Uptime 90 days'));
    await page.getByText('Uptime by day as a table').click();
    const table = await shown(page.getByRole('table', { name: 'Uptime by day' }));
    expect(await table.getByRole('row').count()).toBe(91);
    await shown(table.getByRole('row').nth(1).getByText(today));

    // The calendar, from the checks list: the weekly window of the first test on 12 and 13 December.
    await page.goto(`${e2e.server.url}/monitoring`);
    await page.getByRole('link', { name: 'Maintenance calendar' }).click();
    await shown(page.getByRole('heading', { name: 'Maintenance calendar' }));
    await page.goto(`${e2e.server.url}/monitoring/maintenance?month=2026-12`);
    await shown(page.getByRole('heading', { name: 'December 2026' }));
    await shown(page.getByTestId('day-2026-12-12').getByText('Patient portal'));
    await shown(page.getByTestId('day-2026-12-13').getByText('Patient portal'));
    // A one-off window added from the calendar shows on its day.
    const form = page.getByRole('form', { name: 'Add a maintenance window' });
    await form.getByRole('textbox', { name: 'Check' }).click();
    await page.getByRole('option', { name: 'Patient portal' }).click();
    await form.getByLabel('Starts').fill('2026-12-22T12:00');
    await form.getByLabel('Ends').fill('2026-12-22T14:00');
    await form.getByLabel('Reason').fill('Server move');
    await form.getByRole('button', { name: 'Add window' }).click();
    await shown(page.getByTestId('day-2026-12-22').getByText(/Server move/));
    // A site's window: on the calendar and in the list with its scope, then removed after a confirmation.
    await form.getByRole('textbox', { name: 'Covers' }).click();
    await page.getByRole('option', { name: /^A site/ }).click();
    await form.getByRole('textbox', { name: 'Site' }).click();
    await page.getByRole('option', { name: 'Main St' }).click();
    await shown(form.getByText(/Times are in the practice’s time zone \(.+\)/));
    await form.getByLabel('Starts').fill('2026-12-23T20:00');
    await form.getByLabel('Ends').fill('2026-12-23T23:00');
    await form.getByLabel('Reason').fill('Rewiring');
    await form.getByRole('button', { name: 'Add window' }).click();
    await shown(page.getByTestId('day-2026-12-23').getByText('Site Main St: Rewiring'));
    const listed = await shown(page.getByTestId('maintenance-window').filter({ hasText: 'Rewiring' }));
    await shown(listed.getByText('Site Main St'));
    await listed.getByRole('button', { name: /^Remove/ }).click();
    const confirm = await shown(page.getByRole('dialog', { name: 'Remove this maintenance window?' }));
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page
      .getByTestId('day-2026-12-23')
      .getByText(/Rewiring/)
      .waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Next month' }).click();
    await shown(page.getByRole('heading', { name: 'January 2027' }));
    await shown(page.getByTestId('day-2027-01-02').getByText('Patient portal'));
    expect(
      await page
        .getByTestId('day-2027-01-02')
        .getByText(/Server move/)
        .count(),
    ).toBe(0);

    // The check's page lists its device's and its device's site's windows with its own, each with
    // its scope; one on now is marked; a site's window is removed from there after the confirmation.
    const frontDesk = (await device.json()) as { id: string };
    const listedChecks = (await (
      await fetch(`${practice}/monitor/checks`, { headers: e2e.session.headers })
    ).json()) as {
      checks: { id: string; name: string }[];
    };
    const portal = listedChecks.checks.find((c) => c.name === 'Patient portal')!;
    const send = async (method: string, url: string, body: object) => {
      const res = await fetch(url, {
        method,
        headers: { ...e2e.session.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    };
    await send('PATCH', `${practice}/monitor/checks/${portal.id}`, { deviceId: frontDesk.id });
    const now = Date.now();
    await send('POST', `${practice}/monitor/maintenance`, {
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      reason: 'Disk swap',
      scope: { deviceId: frontDesk.id },
    });
    await send('POST', `${practice}/monitor/maintenance`, {
      startsAt: '2026-12-28T20:00:00Z',
      endsAt: '2026-12-28T22:00:00Z',
      reason: 'Cabling',
      scope: { site: 'Main St' },
    });
    await page.goto(`${e2e.server.url}/monitoring/${portal.id}`);
    const checkWindows = await shown(page.getByRole('table', { name: 'Maintenance windows of this check' }));
    const ofDevice = await shown(checkWindows.getByTestId('check-window').filter({ hasText: 'Disk swap' }));
    await shown(ofDevice.getByText('Device Front desk PC'));
    await shown(ofDevice.getByText('On now'));
    const ofSite = await shown(checkWindows.getByTestId('check-window').filter({ hasText: 'Cabling' }));
    await shown(ofSite.getByText('Site Main St'));
    expect(await ofSite.getByText('On now').count()).toBe(0);
    await shown(
      checkWindows
        .getByTestId('check-window')
        .filter({ hasText: 'Weekend patching' })
        .getByText('Check Patient portal'),
    );
    await ofSite.getByRole('button', { name: /^Remove/ }).click();
    const confirmHere = await shown(page.getByRole('dialog', { name: 'Remove this maintenance window?' }));
    await shown(confirmHere.getByText(/“Cabling” on site Main St will be removed/));
    await confirmHere.getByRole('button', { name: 'Remove' }).click();
    await confirmHere.waitFor({ state: 'detached' });
    await ofSite.waitFor({ state: 'detached' });
    await shown(checkWindows.getByTestId('check-window').filter({ hasText: 'Disk swap' }));

    // Check now, 21 times over (the site answers 200 and 500 by turns): the check flaps.
    const flaky = (await created.json()) as { check: { id: string } };
    const checkUrl = `${practice}/monitor/checks/${flaky.check.id}`;
    const lastChecked = async () =>
      ((await (await fetch(checkUrl, { headers: e2e.session.headers })).json()) as { lastCheckedAt: string | null })
        .lastCheckedAt;
    await page.goto(`${e2e.server.url}/monitoring/${flaky.check.id}`);
    for (let run = 0; run < 21; run++) {
      const before = await lastChecked();
      if (run === 0) {
        // The first through the page's button, the rest through the API.
        await page.getByRole('button', { name: 'Check now' }).click();
        await shown(page.getByRole('status').filter({ hasText: 'Queued' }));
      } else {
        const asked = await fetch(`${checkUrl}/run`, { method: 'POST', headers: e2e.session.headers });
        expect(asked.status).toBe(202);
      }
      await waitFor(async () => (await lastChecked()) !== before, { timeoutMs: 30_000, what: `run ${run + 1}` });
    }
    // The MSP overview: the flapping check among the worst with its badge, and the count.
    await page.goto(`${e2e.server.url}/overview`);
    await shown(page.getByTestId(`flapping-${flaky.check.id}`));
    await shown(page.getByTestId('flapping-count').filter({ hasText: '1 flapping' }));
    expect(cspViolations(page.context())).toEqual([]);
  }, 240_000);
});
