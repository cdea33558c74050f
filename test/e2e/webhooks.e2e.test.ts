/**
 * The Webhooks page in Chromium against a real `tandem serve` (which works its own jobs): an
 * administrator adds a webhook aimed at a receiver on 127.0.0.1, copies the secret shown once,
 * sends a test event and sees it delivered in the log; the receiver checks the signature; a rotation
 * shows the new secret once and, on the row, until when the old one still signs. The organisation
 * administrator does the same on the organisation's page, whose webhook the practice's page
 * does not list.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { cspViolations, shown, startPracticeServerAndBrowser } from '../support/e2e.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';

describe.skipIf(!chromiumAvailable())('webhooks page in Chromium', () => {
  let receiver: WebhookReceiver;
  // The receiver starts before the server and stops after it (after-hooks run in reverse order).
  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver?.stop();
  });
  const e2e = startPracticeServerAndBrowser('tandem-e2e-webhooks-', { timeoutMs: 30_000 });

  /** Adds a webhook to the receiver through the page's dialog; returns the secret it shows once. */
  async function addWebhook(page: Page, description: string): Promise<string> {
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const dialog = await shown(page.getByRole('dialog'));
    await dialog.getByLabel('Payload URL').fill(receiver.url);
    await dialog.getByLabel('Description').fill(description);
    await dialog.getByLabel('Allow private targets').check();
    await dialog.getByRole('button', { name: 'Add webhook' }).click();
    const secret = ((await (await shown(page.getByTestId('new-webhook-secret'))).textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    return secret;
  }

  it('adds a webhook, shows its secret once, sends a test event and logs the delivery', async () => {
    const page = await e2e.signedInPage();
    await page.goto(`${e2e.server.url}/practice/people`);
    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/practice/webhooks');
    await shown(page.getByText('No webhooks yet.'));

    const secret = await addWebhook(page, 'PSA ticket sync');

    const row = page.getByRole('row').filter({ hasText: 'PSA ticket sync' });
    await shown(row.getByText('active'));
    await page.reload();
    await shown(page.getByRole('row').filter({ hasText: 'PSA ticket sync' }));
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('button', { name: 'Deliveries of PSA ticket sync' }).click();
    const log = await shown(page.getByRole('dialog'));
    await shown(log.getByText('No deliveries yet.'));
    await log.getByRole('button', { name: 'Send test event' }).click();
    const delivered = log
      .getByRole('table', { name: 'Deliveries' })
      .getByRole('row')
      .filter({ hasText: 'webhook.test' });
    await shown(delivered.getByText('succeeded'));
    await shown(delivered.getByText(/#1 HTTP 200/));
    await shown(delivered.getByText('answer 200'));

    expect(receiver.received).toHaveLength(1);
    expect(WebhookReceiver.verifies(secret, receiver.received[0]!)).toBe(true);
    await page.keyboard.press('Escape');
    await log.waitFor({ state: 'detached' });

    // Rotation with the default overlap: the new secret is shown once, the row says until when the old one signs.
    await page.getByRole('button', { name: 'Rotate the secret of PSA ticket sync' }).click();
    const rotate = await shown(page.getByRole('dialog'));
    expect(await rotate.getByLabel('Overlap (hours)').inputValue()).toBe('24');
    await rotate.getByRole('button', { name: 'Rotate secret' }).click();
    const next = ((await (await shown(page.getByTestId('new-webhook-secret'))).textContent()) ?? '').trim();
    expect(next).toMatch(/^whsec_/);
    expect(next).not.toBe(secret);
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await shown(row.getByText(/Old secret also signs until/));
    expect(cspViolations(page.context())).toEqual([]);
    await page.context().close();
  }, 180_000);

  it("adds an organisation webhook on the organisation's page; the practice's page does not list it", async () => {
    const page = await e2e.signedInPage();
    await page.goto(`${e2e.server.url}/practice/people`);
    await page.getByRole('link', { name: 'Organisation webhooks', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/system/webhooks');
    await shown(page.getByText('No webhooks yet.'));

    const secret = await addWebhook(page, 'MSP monitoring');
    await shown(page.getByRole('row').filter({ hasText: 'MSP monitoring' }).getByText('active'));

    await page.getByRole('button', { name: 'Deliveries of MSP monitoring' }).click();
    const log = await shown(page.getByRole('dialog'));
    await log.getByRole('button', { name: 'Send test event' }).click();
    const delivered = log
      .getByRole('table', { name: 'Deliveries' })
      .getByRole('row')
      .filter({ hasText: 'webhook.test' });
    await shown(delivered.getByText('succeeded'));
    // The organisation's log names the practice of each event; its test event is about none.
    await shown(log.getByRole('columnheader', { name: 'Practice' }));
    await shown(delivered.getByText('None (test event)'));
    const got = receiver.received.filter((r) => JSON.parse(r.body).practiceId === null);
    expect(got).toHaveLength(1);
    expect(WebhookReceiver.verifies(secret, got[0]!)).toBe(true);
    await page.keyboard.press('Escape');
    await log.waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/practice/webhooks');
    await shown(page.getByRole('row').filter({ hasText: 'PSA ticket sync' }));
    expect(await page.getByRole('row').filter({ hasText: 'MSP monitoring' }).count()).toBe(0);
    expect(cspViolations(page.context())).toEqual([]);
    await page.context().close();
  }, 180_000);
});
