/**
 * Email to the desk in Chromium, against a real `tandem serve` with its SMTP receiver on: the
 * practice administrator finds the IT desk's inbound address on the desk settings page, an email
 * sent to it (nodemailer, real SMTP) opens a ticket for them, whose page shows its subject and text.
 */
import { createServer, type AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { cspViolations, shown, startPracticeServerAndBrowser } from '../support/e2e.ts';
import { waitFor } from '../support/wait-for.ts';

const mailDomain = 'desk.bench.example';

/** A port free now, for the receiver the server starts (TANDEM_SMTP_LISTEN). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe.skipIf(!chromiumAvailable())('email to the desk in Chromium', () => {
  let smtpPort = 0;
  // Registered before the server's set-up, so it runs first.
  beforeAll(async () => {
    smtpPort = await freePort();
  });
  const e2e = startPracticeServerAndBrowser('tandem-e2e-desk-mail-', {
    env: () => ({ TANDEM_SMTP_LISTEN: `127.0.0.1:${smtpPort}`, TANDEM_MAIL_DOMAIN: mailDomain }),
  });

  it('shows the desk addresses, and an email to the IT desk opens a ticket', async () => {
    const page = await e2e.signedInPage();
    await page.goto(`${e2e.server.url}/practice/desk/settings`);
    const region = await shown(page.getByRole('region', { name: 'Email to the desks' }));
    const itAddress = (await shown(region.getByTestId('desk-address-it'))).textContent();
    const address = (await itAddress)!.trim();
    expect(address).toMatch(/^desk\+[a-z2-7]{20}@desk\.bench\.example$/);
    expect(await region.getByText('does not receive email').count()).toBe(0);

    const client = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    await client.sendMail({
      from: 'admin@bench.example',
      to: address,
      subject: 'Scanner in room 2 is offline',
      text: 'It shows a red light since this morning.',
    });
    client.close();

    // The administrator files tickets but does not work the queue: their ticket is T-1, opened by its number.
    const { practiceId, headers } = e2e.session;
    let ticketId = '';
    await waitFor(
      async () => {
        const res = await fetch(`${e2e.server.url}/api/v1/practices/${practiceId}/ticket-numbers/T-1`, { headers });
        if (res.status === 200) ticketId = ((await res.json()) as { id: string }).id;
        return res.status === 200;
      },
      { what: 'the emailed ticket' },
    );
    await page.goto(`${e2e.server.url}/practice/desk/tickets/${ticketId}`);
    await shown(page.getByRole('heading', { name: /Scanner in room 2 is offline/ }));
    await shown(page.getByText('It shows a red light since this morning.'));
    expect(cspViolations(page.context())).toEqual([]);
    await page.context().close();
  }, 180_000);
});
