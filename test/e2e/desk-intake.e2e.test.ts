/**
 * The patient desk's public side and an agent's ticket work in Chromium, on one server and one
 * browser: a patient with no account sends a request through the practice's public form, follows
 * the link it shows and, after the practice's public reply, reads it through the link emailed to
 * them (a real SMTP server started here). An MSP agent attaches
 * a file to a reply from the reply form's file picker, logs time, and merges two IT tickets.
 * The practice, matrix and form are set up through the API, as an integration would.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { ApiUser, setUpCoManagedPractice } from '../support/api-user.ts';
import { cspViolations, newContext, shown, startServerAndBrowser } from '../support/e2e.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait-for.ts';

const msp = { name: 'Morgan MSP', email: 'morgan@harbor-it.example', password: 'violet harbor engine 4471 tandem' };
const manager = { name: 'Rosa Manager', email: 'rosa@alder.example', password: 'copper heron meadow 5190 tandem' };
const practiceName = 'Alder Family Medicine';

describe.skipIf(!chromiumAvailable())('service desk in Chromium: patient intake and ticket work', () => {
  let practiceId = '';
  let formId = '';
  let agent: ApiUser;
  let tickets: { a: string; b: string } = { a: '', b: '' };
  let smtp: SmtpSink;

  /** The text of the one email with this subject, once it has arrived (delivery is a background job). */
  async function emailed(subject: string): Promise<string> {
    await waitFor(() => smtp.messages.some((m) => m.subject === subject), {
      timeoutMs: 120_000,
      what: `an email "${subject}"`,
    });
    const found = smtp.messages.filter((m) => m.subject === subject);
    expect(found, `emails "${subject}"`).toHaveLength(1);
    return found[0]!.text ?? '';
  }

  // The SMTP server starts before Tandem and stops after it (after-hooks run in reverse order).
  beforeAll(async () => {
    smtp = await startSmtpSink();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  const e2e = startServerAndBrowser({
    folderPrefix: 'tandem-e2e-desk-intake-',
    env: () => ({ TANDEM_SMTP_URL: smtp.url, TANDEM_MAIL_FROM: 'Tandem <tandem@harbor-it.example>' }),
    serverStartMs: 240_000,
    ready: async (server) => {
      const co = await setUpCoManagedPractice(server, {
        msp,
        manager,
        practiceName,
        invitationLink: async () => {
          const text = await emailed(`You are invited to ${practiceName} on Tandem`);
          return new URL(/https?:\/\/\S+\?token=\S+/.exec(text)![0]);
        },
      });
      practiceId = co.practiceId;
      agent = co.mspUser;
      const admin = new ApiUser(server.url);
      await admin.ok('POST', '/api/v1/auth/sign-in', { email: manager.email, password: manager.password });
      const base = `/api/v1/practices/${practiceId}`;
      const draft = await admin.ok<{ number: number }>(
        'POST',
        `${base}/matrix/versions`,
        { source: { kind: 'matrix', matrix: smallMatrix() } },
        201,
      );
      await admin.ok('POST', `${base}/matrix/versions/${draft.number}/propose`, {});
      await agent.ok('POST', `${base}/matrix/versions/${draft.number}/agree`, {});
      formId = (await admin.ok<{ formId: string }>('PUT', `${base}/desk-intake`, { enabled: true })).formId;
      const { desks } = await admin.ok<{ desks: { id: string; kind: string; categories: { id: string }[] }[] }>(
        'GET',
        `${base}/desks`,
      );
      const it = desks.find((d) => d.kind === 'it')!;
      const open = (title: string) =>
        admin.ok<{ id: string }>(
          'POST',
          `${base}/tickets`,
          { deskId: it.id, category: it.categories[0]!.id, impact: 'low', urgency: 'low', title, description: title },
          201,
        );
      tickets = { a: (await open('Printer jams in room 2')).id, b: (await open('Room 2 printer again')).id };
    },
    hookTimeoutMs: 400_000,
  });

  async function agentPage(): Promise<Page> {
    const context = await newContext(e2e.browser, { width: 1400, height: 1000, timeoutMs: 30_000 });
    await context.addCookies([{ name: 'tandem_session', value: agent.sessionToken(), url: e2e.server.url }]);
    return context.newPage();
  }

  it('takes a patient request and shows its follow page; an agent attaches a file, logs time and merges', async () => {
    // The patient: no session at all.
    const patientContext = await newContext(e2e.browser, { width: 900, height: 1000, timeoutMs: 30_000 });
    const patient = await patientContext.newPage();
    await patient.goto(`${e2e.server.url}/intake/${formId}`);
    await shown(patient.getByRole('heading', { name: `Send a request to ${practiceName}` }));
    // Sent empty, the server's problems show on the fields.
    await patient.getByRole('button', { name: 'Send request' }).click();
    await shown(patient.getByRole('alert').first());
    await patient.getByLabel('Your name').fill('Jane Roe');
    await patient.getByLabel('Email').fill('jane.roe@mail.example');
    await patient.getByLabel('What do you need help with?').fill('I cannot see my lab results in the portal.');
    await patient.getByRole('button', { name: 'Send request' }).click();
    await shown(patient.getByText('Your request is T-3'));
    await patient.getByTestId('follow-link').click();
    await patient.waitForURL((u) => u.pathname === '/follow' && u.hash.startsWith('#token='));
    await shown(patient.getByRole('heading', { name: 'Your request T-3' }));
    await shown(patient.getByText('I cannot see my lab results in the portal.'));
    expect(await patient.getByTestId('follow-status').textContent()).toBe('Received');

    // The practice answers publicly (through the API); the patient is emailed a new link (never
    // the reply) and reads the reply on the follow page it opens.
    const base = `/api/v1/practices/${practiceId}`;
    const patientTicket = await agent.ok<{ id: string }>('GET', `${base}/ticket-numbers/T-3`);
    await agent.ok('POST', `${base}/tickets/${patientTicket.id}/replies`, { body: 'We reset your portal access.' });
    const mail = await emailed(`${practiceName}: a reply on your request T-3`);
    expect(mail).not.toContain('We reset your portal access.');
    // The server was started without TANDEM_PUBLIC_URL on a port chosen at start, so the emailed
    // link's origin is its configured one (port 0): the page it names is opened on the real origin.
    const followPath = /\/follow#token=[A-Za-z0-9_-]{43}/.exec(mail)![0];
    const fromEmail = await patientContext.newPage();
    await fromEmail.goto(`${e2e.server.url}${followPath}`);
    await shown(fromEmail.getByRole('heading', { name: 'Your request T-3' }));
    await shown(fromEmail.getByText('We reset your portal access.'));
    expect(cspViolations(patientContext)).toEqual([]);
    await patientContext.close();

    // The agent: a reply with a file from the picker.
    const page = await agentPage();
    await page.goto(`${e2e.server.url}/practice/desk/tickets/${tickets.a}`);
    await shown(page.getByRole('heading', { name: /Printer jams in room 2/ }));
    const reply = page.getByRole('form', { name: 'Reply' });
    await reply.getByLabel('Reply (seen by the requester)').fill('The log of the jam is attached.');
    await page.locator('input[type=file]').setInputFiles({
      name: 'jam-log.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('10:02 paper jam tray 2\n10:05 paper jam tray 2\n'),
    });
    await reply.getByRole('button', { name: 'Send reply' }).click();
    await shown(page.getByText('The log of the jam is attached.'));
    await shown(page.getByRole('link', { name: /jam-log\.txt/ }));

    // Time: 30 minutes for the first party of the matrix.
    const time = page.getByRole('form', { name: 'Log time' });
    await time.getByRole('textbox', { name: 'For party' }).click();
    await page.getByRole('option').first().click();
    await time.getByRole('textbox', { name: 'Minutes' }).fill('30');
    await time.getByRole('button', { name: 'Log time' }).click();
    await shown(page.getByRole('table', { name: 'Time by party' }).getByText('0 h 30 min').first());

    // Merge T-2 into T-1: its history shows here, marked with its number.
    const merge = page.getByRole('form', { name: 'Merge a ticket into this one' });
    await merge.getByLabel('Merge ticket into this one').fill('T-2');
    await merge.getByRole('button', { name: 'Merge' }).click();
    await shown(page.getByText('From T-2').first());
    expect(cspViolations(page.context())).toEqual([]);
    await page.context().close();
  }, 300_000);
});
