/**
 * The service desk's co-managed scenario in Chromium against a real `tandem serve` (issue 18):
 * the agreed matrix makes internal IT (Dana) Responsible for account work, with the MSP's desk
 * covering for her; Dana is away today. A clinician files a ticket on the IT desk in the browser,
 * sees the priority before sending, and is told it went to the MSP desk as cover because Dana is
 * away. An MSP technician finds it in the IT queue from the keyboard, replies, waits on the
 * requester (the resolution clock pauses), hands it back to internal IT with a reason, and resolves it.
 * On the patient desk the clinician's own ticket shows no patient text to her (practice staff may
 * not read PHI), and the MSP technician sees "Patient details hidden by the practice's setting"
 * until the practice administrator lets MSP staff see them on the settings page. The clinician
 * rates her resolved ticket Good; the reports page splits SLA attainment by holding side and
 * draws it, the backlog and the ratings as charts beside its tables. A practice administrator
 * changes a desk's holidays and SLA targets on the settings page, where the server's refusal of a
 * bad date shows beside the field.
 *
 * People, the matrix and the absence are set up through the API, as an integration would.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { totpCode } from '../../src/core/identity/totp.ts';
import type { MatrixInput } from '../../src/matrix/schema.ts';
import { seriousViolations } from '../support/axe.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { ApiUser, setUpCoManagedPractice, type Person } from '../support/api-user.ts';
import { cspViolations, newContext, shown, startServerAndBrowser } from '../support/e2e.ts';
import type { ServerProcess } from '../support/spawn-server.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';

const msp = { name: 'Morgan MSP', email: 'morgan@harbor-it.example', password: 'violet harbor engine 4471 tandem' };
const manager = { name: 'Rosa Manager', email: 'rosa@alder.example', password: 'copper heron meadow 5190 tandem' };
const clinician = { name: 'Dr Lee', email: 'lee@alder.example', password: 'amber falcon river 2231 tandem' };
const tech = { name: 'Toni Tech', email: 'toni@harbor-it.example', password: 'slate otter lamp 9902 tandem' };
const practiceName = 'Alder Family Medicine';

/** YYYY-MM-DD, `days` from today in UTC: yesterday to tomorrow holds today in any time zone. */
const utcDate = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The fixture's co-managed matrix, with Dana away from yesterday to tomorrow and both her and the
 * MSP desk working around the clock, so the routing does not depend on the hour the test runs.
 */
function matrixWithDanaAway(): MatrixInput {
  const m = smallMatrix();
  return {
    ...m,
    parties: m.parties.map((p) => (p.id === 'dana' || p.id === 'msp-desk' ? { ...p, coverage: '24x7' } : p)),
    absences: [{ party: 'dana', from: utcDate(-1), to: utcDate(1), note: 'Annual leave' }],
  };
}

/** Invites `person` with `role`, who accepts by choosing a password, and signs them in. */
async function addPerson(server: ServerProcess, inviter: ApiUser, practiceId: string, person: Person, role: string) {
  const invited = await inviter.ok<{ invitationLink: string }>(
    'POST',
    `/api/v1/practices/${practiceId}/members`,
    { email: person.email, displayName: person.name, role },
    201,
  );
  const token = new URL(invited.invitationLink).searchParams.get('token');
  const accepted = await fetch(`${server.url}/api/v1/invitations/create-account`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, password: person.password }),
  });
  expect(accepted.status, await accepted.text()).toBeLessThan(300);
  const user = new ApiUser(server.url);
  await user.ok('POST', '/api/v1/auth/sign-in', { email: person.email, password: person.password });
  return user;
}

describe.skipIf(!chromiumAvailable())('service desk in Chromium: the co-managed scenario', () => {
  let practiceId = '';
  let clinicianUser: ApiUser;
  let techUser: ApiUser;
  let managerUser: ApiUser;
  let ticketUrl = '';

  const e2e = startServerAndBrowser({
    folderPrefix: 'tandem-e2e-desk-',
    serverStartMs: 240_000,
    ready: async (server) => {
      const co = await setUpCoManagedPractice(server, { msp, manager, practiceName });
      practiceId = co.practiceId;
      const mspUser = co.mspUser;
      managerUser = new ApiUser(server.url);
      await managerUser.ok('POST', '/api/v1/auth/sign-in', { email: manager.email, password: manager.password });
      clinicianUser = await addPerson(server, mspUser, practiceId, clinician, 'practice_staff');
      techUser = await addPerson(server, mspUser, practiceId, tech, 'msp_technician');
      const { secret } = await techUser.ok<{ secret: string }>('POST', '/api/v1/auth/mfa/enrolment', {});
      await techUser.ok('POST', '/api/v1/auth/mfa/enrolment/confirm', { code: await totpCode(secret, new Date()) });

      const versions = `/api/v1/practices/${practiceId}/matrix/versions`;
      const source = { kind: 'matrix', matrix: matrixWithDanaAway() };
      const draft = await managerUser.ok<{ number: number }>('POST', versions, { source }, 201);
      await managerUser.ok('POST', `${versions}/${draft.number}/propose`, {});
      await mspUser.ok('POST', `${versions}/${draft.number}/agree`, {});
    },
    hookTimeoutMs: 400_000,
  });

  async function pageAs(user: ApiUser): Promise<Page> {
    const context: BrowserContext = await newContext(e2e.browser, { width: 1400, height: 1000, timeoutMs: 30_000 });
    await context.addCookies([{ name: 'tandem_session', value: user.sessionToken(), url: e2e.server.url }]);
    return context.newPage();
  }

  it('lets a clinician file an IT ticket that lands with the MSP cover, saying why', async () => {
    const page = await pageAs(clinicianUser);
    await page.goto(`${e2e.server.url}/home`);
    await page.getByRole('link', { name: 'Service desk', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/practice/desk');
    // Practice staff file tickets; the queues are for those who work them.
    await shown(page.getByText('The queues are for those who work tickets.'));
    await page.getByRole('link', { name: 'New ticket' }).click();
    await page.waitForURL((u) => u.pathname === '/practice/desk/new');

    const form = page.getByRole('form', { name: 'New ticket' });
    await form.getByRole('textbox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'New starter or leaver account' }).click();
    await form.getByLabel('Subject').fill('Locked out of the EHR workstation');
    await form.getByLabel('Description').fill('Room 3 workstation refuses my password since 8am.');
    // Medium impact x medium urgency is P3; high urgency makes it P2, shown before sending.
    expect(await page.getByTestId('computed-priority').textContent()).toContain('P3');
    await form.getByRole('textbox', { name: 'Urgency' }).click();
    await page.getByRole('option', { name: 'High' }).click();
    await expect.poll(() => page.getByTestId('computed-priority').textContent()).toContain('P2');
    await form.getByRole('button', { name: 'Open ticket' }).click();

    await page.waitForURL((u) => u.pathname.startsWith('/practice/desk/tickets/'));
    ticketUrl = new URL(page.url()).pathname;
    const opened = await shown(page.getByRole('alert').filter({ hasText: 'Ticket opened' }));
    expect(await opened.textContent()).toContain(
      `Routed to MSP service desk (MSP) as cover, because Dana (office IT) is away (${utcDate(-1)} to ${utcDate(1)}).`,
    );
    const facts = page.getByRole('region', { name: 'Ticket facts' });
    await shown(facts.getByText('MSP service desk (MSP)'));
    await shown(facts.getByText('New', { exact: true }));
    expect(cspViolations(page.context())).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('lets the MSP technician find it by keyboard, reply, wait on the requester, hand it back with a reason and resolve it', async () => {
    const page = await pageAs(techUser);
    await page.goto(`${e2e.server.url}/practice/desk?desk=it`);
    const queue = await shown(page.getByRole('table', { name: 'IT desk queue' }));
    const row = queue.getByRole('row').filter({ hasText: 'Locked out of the EHR workstation' });
    await shown(row.getByText('MSP service desk (MSP)'));
    await shown(row.getByText('New', { exact: true }));
    await shown(row.getByText(/^Due /).first());
    // The accessibility suite's administrator files tickets but has no queue: the queue is checked here.
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page)).toEqual([]);

    // The holder filter, in the address: the triage queue does not hold it.
    await page.getByRole('textbox', { name: 'Held by' }).click();
    await page.getByRole('option', { name: 'Triage (no holder)' }).click();
    await page.waitForURL((u) => u.searchParams.get('holder') === 'triage');
    await shown(page.getByText('No tickets match these filters.'));
    await page.goBack();
    await shown(row);
    // Keys typed in a field are the field's: leave the filter first.
    await page.getByRole('heading', { name: 'Service desk', level: 1 }).click();

    await page.keyboard.press('?');
    await shown(page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByText('Open the selected ticket'));
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === ticketUrl);
    await shown(page.getByTestId('routing'));

    const reply = page.getByRole('form', { name: 'Reply' });
    await reply.getByLabel(/^Reply/).fill('Your account was locked by failed sign-ins; it is unlocked now.');
    await reply.getByRole('button', { name: 'Send reply' }).click();
    await shown(page.getByText(`${tech.email} replied`));
    await shown(page.getByText('Your account was locked by failed sign-ins; it is unlocked now.'));
    const facts = page.getByRole('region', { name: 'Ticket facts' });
    await shown(facts.getByText(/^Met /));

    // Waiting on the requester stops the resolution clock, in words.
    const status = page.getByRole('form', { name: 'Status' });
    await status.getByRole('textbox', { name: 'New status' }).click();
    await page.getByRole('option', { name: 'Waiting' }).click();
    await status.getByRole('textbox', { name: 'Waiting reason' }).click();
    await page.getByRole('option', { name: 'waiting on requester' }).click();
    await status.getByRole('button', { name: 'Change status' }).click();
    await shown(facts.getByText('Waiting (waiting on requester)'));
    await shown(facts.getByText('Paused: waiting on requester'));

    // Handing it back to internal IT crosses organisations and needs a reason; the history says both.
    const reassign = page.getByRole('form', { name: 'Reassign' });
    await reassign.getByRole('textbox', { name: 'Hand to' }).click();
    await page.getByRole('option', { name: 'Dana (office IT) (internal IT, other organisation)' }).click();
    await reassign.getByRole('textbox', { name: 'Reason' }).fill('Dana owns account work when she is back');
    await reassign.getByRole('button', { name: 'Reassign' }).click();
    await shown(facts.getByText('Dana (office IT) (internal IT)'));
    await shown(
      page.getByText(
        `${tech.email} reassigned it to Dana (office IT) (internal IT), to the other organisation. Reason: Dana owns account work when she is back`,
      ),
    );

    await status.getByRole('textbox', { name: 'New status' }).click();
    await page.getByRole('option', { name: 'Resolved' }).click();
    await status.getByRole('button', { name: 'Change status' }).click();
    await shown(facts.getByText('Resolved', { exact: true }));
    await shown(page.getByText(`${tech.email} changed the status to Resolved`));
    // Both clocks met: the first response by the reply, the resolution now.
    await expect.poll(() => facts.getByText(/^Met /).count()).toBe(2);
    await page.context().close();
  }, 180_000);

  it('keeps patient text from practice staff and, until the practice grants it, from the MSP technician', async () => {
    const ticket = await clinicianUser.ok<{ id: string; number: number; title: string | null }>(
      'POST',
      `/api/v1/practices/${practiceId}/tickets`,
      {
        deskId: (
          await clinicianUser.ok<{ desks: { id: string; kind: string }[] }>(
            'GET',
            `/api/v1/practices/${practiceId}/desks`,
          )
        ).desks.find((d) => d.kind === 'patient')!.id,
        category: 'portal',
        impact: 'medium',
        urgency: 'low',
        title: 'Jane Roe cannot see her lab results',
        description: 'Jane Roe, born 1980-02-03, phone 555-0100',
      },
      201,
    );
    // The requester herself may not read PHI: her own ticket comes back without its text.
    expect(ticket.title).toBeNull();
    const own = await pageAs(clinicianUser);
    await own.goto(`${e2e.server.url}/practice/desk/tickets/${ticket.id}`);
    await shown(own.getByRole('alert').filter({ hasText: 'Patient details hidden' }));
    expect(await own.content()).not.toContain('Jane Roe');
    await own.context().close();

    const page = await pageAs(techUser);
    await page.goto(`${e2e.server.url}/practice/desk?desk=patient`);
    const queue = await shown(page.getByRole('table', { name: 'Patient desk queue' }));
    await shown(queue.getByText("Patient details hidden by the practice's setting"));
    await page.getByRole('link', { name: `T-${ticket.number}`, exact: true }).click();
    await shown(page.getByRole('alert').filter({ hasText: "Patient details hidden by the practice's setting" }));
    expect(await page.content()).not.toContain('Jane Roe');

    // The practice administrator lets MSP staff see patient details; the switch shows the saved state.
    const settings = await pageAs(managerUser);
    await settings.goto(`${e2e.server.url}/practice/desk/settings`);
    const privacy = await shown(settings.getByRole('region', { name: 'Patient details and MSP staff' }));
    await privacy.getByRole('switch', { name: 'MSP staff may see patient details' }).click();
    await shown(privacy.getByTestId('privacy-state').filter({ hasText: 'MSP staff see patient details' }));
    await settings.context().close();

    await page.reload();
    await shown(page.getByText('Jane Roe, born 1980-02-03, phone 555-0100'));
    await page.context().close();
  }, 180_000);

  it('lets the clinician rate her resolved ticket, and the report splits SLA attainment by holding side', async () => {
    const own = await pageAs(clinicianUser);
    await own.goto(`${e2e.server.url}${ticketUrl}`);
    const rating = await shown(own.getByRole('region', { name: 'Rate this ticket' }));
    await rating.getByRole('button', { name: 'Good' }).click();
    await shown(rating.getByText('You rated this ticket good. Thank you.'));
    await own.context().close();

    const page = await pageAs(managerUser);
    await page.goto(`${e2e.server.url}/practice/desk`);
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/practice/desk/reports');
    // The IT ticket was handed back to internal IT and resolved there, both clocks met.
    const byHolder = await shown(page.getByRole('table', { name: 'SLA by holding side' }));
    const internal = byHolder.getByRole('row').filter({ hasText: 'internal IT' });
    await shown(internal.getByText('1 of 1 met (100%)').first());
    await shown(page.getByRole('table', { name: 'Time held by each side' }).getByText('MSP', { exact: true }));
    const csat = page.getByRole('table', { name: 'Backlog and satisfaction' }).getByRole('row', { name: /IT desk/ });
    await shown(csat.getByText('1 / 0 (100% good)'));

    // The charts draw the tables' figures: each side's two lines by month, named in the legend...
    const trend = page.getByRole('figure', { name: 'SLA attainment by month: internal IT and MSP' });
    await shown(trend.getByText('internal IT: first response'));
    await shown(trend.getByText('internal IT: resolution'));
    const legend = await trend.locator('.recharts-legend-item').count();
    expect(await trend.locator('.recharts-line').count()).toBe(legend);
    // ...and as many bars as the backlog and ratings table has desks: five age buckets per desk, and
    // a good and a bad (stacked) per desk. Below the fold, they load as they near the screen.
    const desks = await page.getByRole('table', { name: 'Backlog and satisfaction' }).locator('tbody tr').count();
    expect(desks).toBeGreaterThan(0);
    const backlog = page.getByRole('figure', { name: 'Open backlog by age' });
    await backlog.scrollIntoViewIfNeeded();
    await expect.poll(() => backlog.locator('.recharts-bar-rectangle').count()).toBe(5 * desks);
    const ratings = page.getByRole('figure', { name: 'Requester ratings by desk' });
    await expect.poll(() => ratings.locator('.recharts-bar-rectangle').count()).toBe(2 * desks);
    await shown(ratings.getByText('Rated good'));
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page)).toEqual([]);
    expect(cspViolations(page.context())).toEqual([]);

    // Months without tickets: the trend says there is nothing to draw rather than drawing empty axes.
    await page.goto(`${e2e.server.url}/practice/desk/reports?from=2020-01&to=2020-02`);
    const empty = await shown(page.getByTestId('sla-trend-chart'));
    await shown(empty.getByText('Nothing to draw yet: no tickets were opened in these months.'));
    expect(await page.getByRole('figure', { name: 'SLA attainment by month: internal IT and MSP' }).count()).toBe(0);
    await page.context().close();
  }, 180_000);

  it('lets the practice administrator change the IT desk holidays and SLA targets, refusing a bad date', async () => {
    const page = await pageAs(managerUser);
    await page.goto(`${e2e.server.url}/practice/desk`);
    await page.getByRole('link', { name: 'Desk settings' }).click();
    const form = await shown(page.getByRole('form', { name: 'IT desk settings' }));
    await form.getByLabel('P2 first response in business minutes').fill('30');
    await form.getByRole('textbox', { name: 'Holidays' }).fill('2026-12-25\n2026-13-01');
    await form.getByRole('button', { name: 'Save IT desk' }).click();
    // The server names the second holiday; the page shows it beside the field.
    await shown(form.getByText(/must be|Invalid/).first());
    expect(await form.getByText('Saved').count()).toBe(0);
    await form.getByRole('textbox', { name: 'Holidays' }).fill('2026-12-25\n2027-01-01');
    await form.getByRole('button', { name: 'Save IT desk' }).click();
    await shown(form.getByRole('alert').filter({ hasText: 'Saved' }));
    const { desks } = await managerUser.ok<{
      desks: { kind: string; calendar: { holidays: string[] }; sla: { P2: object } }[];
    }>('GET', `/api/v1/practices/${practiceId}/desks`);
    const it = desks.find((d) => d.kind === 'it')!;
    expect(it.calendar.holidays).toEqual(['2026-12-25', '2027-01-01']);
    expect(it.sla.P2).toEqual({ firstResponseMinutes: 30, resolutionMinutes: 480 });
    await page.context().close();
  }, 180_000);
});
