/**
 * The co-managed flow by email, in Chromium against a real `tandem serve` that sends through a
 * real SMTP server started here (smtp-server; mailparser reads what arrives): the MSP
 * administrator proposes a matrix version, the practice administrator's email arrives with a link,
 * the browser follows it, signs in, lands on that version in that practice, and agrees; a second
 * proposal's link shows what changed against the version in force before the practice agrees, and
 * it comes into force. Then the notification pages: a link to someone else's practice, the
 * outbox with its delivery record (checked with axe-core with rows in it), the preferences, and the
 * failed-jobs page for those it is for.
 * The tests run in order and share the server and the browser.
 */
import { randomUUID } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MatrixInput } from '../../src/matrix/schema.ts';
import { setUpCoManagedPractice, type ApiUser } from '../support/api-user.ts';
import { seriousViolations } from '../support/axe.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { newContext, shown, signIn, startServerAndBrowser } from '../support/e2e.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { type ServerProcess } from '../support/spawn-server.ts';
import { waitFor } from '../support/wait-for.ts';

const msp = { name: 'Morgan MSP', email: 'morgan@harbor-it.example', password: 'violet harbor engine 4471 tandem' };
const manager = {
  name: 'Rosa Manager',
  email: 'rosa@alder-medicine.example',
  password: 'copper heron meadow 5190 tandem',
};
const practiceName = 'Alder Family Medicine';

// Generous limits: the machine is shared and loaded, so a server start, a job or a browser step can take long.
vi.setConfig({ testTimeout: 180_000 });

/** Version 2: the practice's leadership is now told about backup checks. */
function withLeadershipInformedOfBackups(m: MatrixInput): MatrixInput {
  return {
    ...m,
    assignments: m.assignments.map((a) => (a.activity === 'backups' ? { ...a, informed: ['leadership'] } : a)),
  };
}

/** The one link into Tandem in an email's text. */
function linkIn(mail: ParsedMail, server: ServerProcess): URL {
  const links = (mail.text ?? '').match(/https?:\/\/\S+/g) ?? [];
  const ours = links.filter((l) => l.startsWith(server.url));
  expect(ours, mail.text).toHaveLength(1);
  return new URL(ours[0]!);
}

describe.skipIf(!chromiumAvailable())('co-managed flow by email in Chromium: propose, email, link, agree', () => {
  let smtp: SmtpSink;
  let page: Page;
  let mspUser: ApiUser;
  let practiceId = '';
  const status = () => page.getByLabel(/^Status: /);
  const versionsPath = () => `/api/v1/practices/${practiceId}/matrix/versions`;

  /** The message with this subject, once it has arrived (delivery is a background job). */
  async function mailWith(subject: string): Promise<ParsedMail> {
    await waitFor(() => smtp.messages.some((m) => m.subject === subject), {
      timeoutMs: 120_000,
      what: `an email "${subject}"`,
    });
    const found = smtp.messages.filter((m) => m.subject === subject);
    expect(found, `emails "${subject}"`).toHaveLength(1);
    return found[0]!;
  }

  // The SMTP server starts before Tandem and stops after it (after-hooks run in reverse order).
  beforeAll(async () => {
    smtp = await startSmtpSink();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  const e2e = startServerAndBrowser({
    folderPrefix: 'tandem-e2e-notify-',
    env: () => ({ TANDEM_SMTP_URL: smtp.url, TANDEM_MAIL_FROM: 'Tandem <tandem@harbor-it.example>' }),
    serverStartMs: 240_000,
    ready: async (server) => {
      ({ mspUser, practiceId } = await setUpCoManagedPractice(server, {
        msp,
        manager,
        practiceName,
        invitationLink: async () => linkIn(await mailWith(`You are invited to ${practiceName} on Tandem`), server),
      }));
    },
    hookTimeoutMs: 400_000,
  });
  beforeAll(async () => {
    page = await (await newContext(e2e.browser, { width: 1400, height: 1000, timeoutMs: 30_000 })).newPage();
  }, 400_000);

  it("emails the MSP's proposal to the practice administrator; the link signs in to that version, and the practice agrees", async () => {
    await mspUser.ok('POST', versionsPath(), { source: { kind: 'matrix', matrix: smallMatrix() } }, 201);
    await mspUser.ok('POST', `${versionsPath()}/1/propose`, { note: 'First schedule' });

    const mail = await mailWith(`${practiceName}: responsibility matrix version 1 proposed for agreement`);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : null).toEqual([manager.email]);
    expect(mail.from?.value[0]?.address).toBe('tandem@harbor-it.example');
    expect(mail.text).toContain(`${msp.email} (the MSP) proposed version 1 of the responsibility matrix`);
    expect(mail.text).toContain('Their note: First schedule');
    const link = linkIn(mail, e2e.server);
    expect(link.pathname).toBe('/responsibilities');
    expect(Object.fromEntries(link.searchParams)).toEqual({ practice: practiceId, version: '1' });
    // The proposer is not told of their own proposal.
    expect(smtp.messages.filter((m) => m.subject?.includes('proposed')).map((m) => m.to)).toHaveLength(1);

    // Signed out, the link goes through sign-in and lands where it said, without the practice in the address.
    await page.goto(link.href);
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await signIn(page, manager.email, manager.password);
    await page.waitForURL((u) => u.pathname === '/responsibilities' && u.search === '?version=1', { timeout: 60_000 });
    await expect.poll(() => status().textContent()).toBe('proposed');
    await shown(page.getByText(`MSP agreement: ${msp.name}`, { exact: false }));
    await page.getByRole('button', { name: 'Agree for the practice' }).click();
    const dialog = await shown(page.getByRole('dialog', { name: 'Agree to version 1 for the practice?' }));
    await dialog.getByRole('button', { name: 'Agree to version 1' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => status().textContent()).toBe('agreed');

    const v1 = await mspUser.ok<{ status: string }>('GET', `${versionsPath()}/1`);
    expect(v1.status).toBe('agreed');
    // The agreement tells the MSP side, with a link to the version now in force.
    const agreed = await mailWith(`${practiceName}: responsibility matrix version 1 is in force`);
    expect(agreed.to && !Array.isArray(agreed.to) ? agreed.to.value.map((a) => a.address) : null).toEqual([msp.email]);
    expect(Object.fromEntries(linkIn(agreed, e2e.server).searchParams)).toEqual({ practice: practiceId, version: '1' });
  });

  it('links the second proposal to what changed; the practice reads the changes, opens the version, agrees, and it is in force', async () => {
    const v2 = withLeadershipInformedOfBackups(smallMatrix());
    await mspUser.ok('POST', versionsPath(), { source: { kind: 'matrix', matrix: v2 } }, 201);
    await mspUser.ok('POST', `${versionsPath()}/2/propose`, {});

    const mail = await mailWith(`${practiceName}: responsibility matrix version 2 proposed for agreement`);
    const link = linkIn(mail, e2e.server);
    expect(link.pathname).toBe('/responsibilities/diff');
    expect(Object.fromEntries(link.searchParams)).toEqual({ practice: practiceId, from: '1', to: '2' });

    await page.goto(link.href);
    await shown(page.getByRole('heading', { name: 'Changes from version 1 to version 2' }));
    await page.waitForURL((u) => u.search === '?from=1&to=2');
    const assignments = await shown(page.getByRole('region', { name: 'Assignments' }));
    await shown(assignments.getByText('Verify nightly backups: Informed (none) -> Practice leadership'));
    expect(await page.getByRole('region', { name: 'Parties' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Open version 2' }).click();
    await page.waitForURL((u) => u.pathname === '/responsibilities' && u.search === '?version=2');
    await expect.poll(() => status().textContent()).toBe('proposed');
    await page.getByRole('button', { name: 'Agree for the practice' }).click();
    const dialog = await shown(page.getByRole('dialog', { name: 'Agree to version 2 for the practice?' }));
    const changes = await shown(dialog.getByRole('region', { name: 'Changes against the version in force' }));
    await shown(changes.getByText('1 change against version 1, the version in force:'));
    await shown(changes.getByText('Verify nightly backups: Informed (none) -> Practice leadership'));
    await dialog.getByRole('button', { name: 'Agree to version 2' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => status().textContent()).toBe('agreed');

    const versions = await mspUser.ok<{ versions: { number: number; status: string }[] }>('GET', versionsPath());
    expect(versions.versions.map((v) => [v.number, v.status])).toEqual([
      [2, 'agreed'],
      [1, 'superseded'],
    ]);
    const replaced = await mailWith(`${practiceName}: responsibility matrix version 1 replaced by version 2`);
    expect(Object.fromEntries(linkIn(replaced, e2e.server).searchParams)).toEqual({
      practice: practiceId,
      from: '1',
      to: '2',
    });
  });

  it('answers a link to a practice the person has no role in with a message, and asks the server for nothing of it', async () => {
    const other = randomUUID();
    const asked: string[] = [];
    const record = (request: { url: () => string }) => asked.push(request.url());
    page.on('request', record);
    await page.goto(`${e2e.server.url}/responsibilities?practice=${other}&version=1`);
    await shown(page.getByText('Not a practice of yours'));
    expect(await page.getByRole('grid').count()).toBe(0);
    page.off('request', record);
    const api = asked.filter((url) => new URL(url).pathname.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(0); // the page did talk to the server (its session)...
    expect(api.filter((url) => url.includes(other) || url.includes('/matrix/'))).toEqual([]); // ...but not of that practice
  });

  it('shows the practice administrator every email in the outbox with its delivery record, and opens one', async () => {
    await page.goto(`${e2e.server.url}/about`);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Outbox' }).click();
    await page.waitForURL((u) => u.pathname === '/practice/outbox');
    await shown(page.getByRole('heading', { name: 'Outbox' }));
    // Not an organisation administrator: no failed-jobs entry.
    expect(await nav.getByRole('link', { name: 'Failed jobs' }).count()).toBe(0);

    // Six emails so far: the invitation and two proposals to the practice administrator, two "in
    // force" and one "replaced" to the MSP.
    const rows = page.getByRole('table', { name: 'Emails' }).locator('tbody tr');
    await expect
      .poll(
        async () => {
          await page.reload();
          await shown(page.getByRole('heading', { name: 'Outbox' }));
          await page.waitForLoadState('networkidle');
          return rows.getByText('Delivered', { exact: true }).count();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(6);
    expect(await rows.count()).toBe(6);
    // The accessibility test sees this page empty; here it has rows and badges.
    expect(await seriousViolations(page)).toEqual([]);
    // Newest first: the last email sent is the top row.
    expect(await rows.first().textContent()).toMatch(/morgan@harbor-it\.example/);

    await page
      .getByRole('button', { name: `${practiceName}: responsibility matrix version 2 proposed for agreement` })
      .click();
    const dialog = await shown(page.getByRole('dialog'));
    await shown(dialog.getByText(manager.email));
    expect(await dialog.getByLabel('Email text').textContent()).toContain(
      `/responsibilities/diff?practice=${practiceId}&from=1&to=2`,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Filtered to the outbox proper: with an SMTP server, nothing waits there.
    await page.getByRole('textbox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'In outbox' }).click();
    await page.waitForURL((u) => u.search === '?status=outbox');
    await shown(page.getByText('No emails with this status.'));
  });

  it('saves notification preferences per event, and shows invitations locked with the reason', async () => {
    await page.goto(`${e2e.server.url}/account/notifications`);
    const invitations = await shown(page.getByRole('region', { name: 'Invitations' }));
    await shown(invitations.getByText(/Always emailed at once/));
    expect(await invitations.getByRole('radio', { name: 'Nothing' }).isDisabled()).toBe(true);
    expect(await invitations.getByRole('radio', { name: 'In the daily digest' }).isDisabled()).toBe(true);

    const agreed = page.getByRole('region', { name: 'Matrix agreed' });
    // click, not check: the radio shows the saved choice, so it changes only once the save returns.
    const digest = agreed.getByRole('radio', { name: 'In the daily digest' });
    await digest.click();
    await shown(page.getByRole('status').getByText('Saved: Matrix agreed.'));
    await expect.poll(() => digest.isChecked()).toBe(true);
    const proposed = page.getByRole('region', { name: 'Matrix proposed' });
    const nothing = proposed.getByRole('radio', { name: 'Nothing' });
    await nothing.click();
    await shown(page.getByRole('status').getByText('Saved: Matrix proposed.'));
    await expect.poll(() => nothing.isChecked()).toBe(true);
    // Nothing sent: when to send it has no meaning.
    expect(await proposed.getByRole('radio', { name: 'Immediately' }).isDisabled()).toBe(true);

    // Kept on the server: a fresh page shows the same choices.
    await page.reload();
    await shown(page.getByRole('region', { name: 'Invitations' }));
    expect(await agreed.getByRole('radio', { name: 'In the daily digest' }).isChecked()).toBe(true);
    expect(await agreed.getByRole('radio', { name: 'Email' }).isChecked()).toBe(true);
    expect(await proposed.getByRole('radio', { name: 'Nothing' }).isChecked()).toBe(true);
    expect(
      await page
        .getByRole('region', { name: 'Matrix replaced' })
        .getByRole('radio', { name: 'Immediately' })
        .isChecked(),
    ).toBe(true);
  });

  it('sets quiet hours on the preferences page, refuses an empty window naming it, and turns them off', async () => {
    await page.goto(`${e2e.server.url}/account/notifications`);
    const quiet = await shown(page.getByRole('region', { name: 'Quiet hours' }));
    await shown(quiet.getByText('Off: every email goes when it is due.'));
    await quiet.getByLabel('From').fill('22:00');
    await quiet.getByLabel('Until').fill('22:00');
    await quiet.getByRole('button', { name: 'Save quiet hours' }).click();
    // The server's 400 names the field, shown beside it.
    await shown(quiet.getByText('must differ from start'));
    await quiet.getByLabel('Until').fill('06:30');
    await quiet.getByRole('checkbox', { name: 'Sunday' }).uncheck();
    await quiet.getByRole('textbox', { name: 'Time zone' }).fill('Europe/Lond');
    await page.getByRole('option', { name: 'Europe/London' }).click();
    await quiet.getByRole('button', { name: 'Save quiet hours' }).click();
    await shown(page.getByRole('status').getByText('Saved: quiet hours.'));
    await shown(quiet.getByText('On: 22:00 to 06:30.'));
    // Kept on the server.
    const saved = await page.evaluate(async () => (await fetch('/api/v1/account/quiet-hours')).json());
    expect(saved).toEqual({
      quietHours: { start: '22:00', end: '06:30', days: [1, 2, 3, 4, 5, 6], timeZone: 'Europe/London' },
    });
    await page.reload();
    await shown(quiet.getByText('On: 22:00 to 06:30.'));
    expect(await quiet.getByRole('checkbox', { name: 'Sunday' }).isChecked()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await quiet.getByRole('button', { name: 'Turn off quiet hours' }).click();
    await shown(page.getByRole('status').getByText('Quiet hours turned off.'));
    await shown(quiet.getByText('Off: every email goes when it is due.'));
  });

  it('refuses the failed-jobs page to a practice administrator, and shows it to the MSP organisation administrator', async () => {
    await page.goto(`${e2e.server.url}/system/jobs`);
    await shown(page.getByRole('heading', { name: 'Failed background jobs' }));
    await shown(page.getByText('Only an organisation administrator can see and retry background jobs'));

    const mspContext = await newContext(e2e.browser, { timeoutMs: 30_000 });
    await mspContext.addCookies([{ name: 'tandem_session', value: mspUser.sessionToken(), url: e2e.server.url }]);
    const mspPage = await mspContext.newPage();
    await mspPage.goto(`${e2e.server.url}/about`);
    await mspPage
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Failed jobs' })
      .click();
    await mspPage.waitForURL((u) => u.pathname === '/system/jobs');
    await shown(mspPage.getByText('No failed jobs.'));
    await mspContext.close();
  });
});
