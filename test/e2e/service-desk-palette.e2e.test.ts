/**
 * The ticket palette and a ticket's files in Chromium against a real `tandem serve`: a practice
 * administrator presses Ctrl+K on the queue page, types a ticket number and Enter, and lands on
 * that ticket; Cmd+K (Meta) opens the palette too, and Escape closes it. The ticket page lists a
 * file attached to the opening (through the API) as a download link that answers with the file.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { shown, startPracticeServerAndBrowser } from '../support/e2e.ts';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

describe.skipIf(!chromiumAvailable())('service desk palette in Chromium', () => {
  const e2e = startPracticeServerAndBrowser('tandem-e2e-desk-palette-', { timeoutMs: 90_000 });

  const api = async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const res = await fetch(`${e2e.server.url}/api/v1/practices/${e2e.session.practiceId}${path}`, {
      method,
      headers: { ...e2e.session.headers, ...(body === undefined ? {} : { 'content-type': type }) },
      ...(body === undefined ? {} : { body: body instanceof Buffer ? body : JSON.stringify(body) }),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.json();
  };

  it('jumps to a ticket by number from Ctrl+K, and lists its file as a download', { timeout: 300_000 }, async () => {
    const { desks } = await api('GET', '/desks');
    const it = desks.find((d: { kind: string }) => d.kind === 'it');
    const open = (title: string) =>
      api('POST', '/tickets', {
        deskId: it.id,
        category: 'email',
        impact: 'low',
        urgency: 'low',
        title,
        description: 'd',
      });
    await open('Mailbox full');
    const second = await open('Printer offline on the second floor');
    await api(
      'POST',
      `/tickets/${second.id}/attachments?eventId=${second.events[0].id}&fileName=printer.png`,
      png,
      'image/png',
    );

    const page = await e2e.signedInPage();
    await page.goto(`${e2e.server.url}/practice/desk`);
    await shown(page.getByRole('heading', { level: 1 }));
    await page.keyboard.press('Control+k');
    const dialog = await shown(page.getByRole('dialog', { name: 'Go to a ticket' }));
    const input = dialog.getByRole('combobox', { name: 'Ticket number or words' });
    await expect.poll(() => input.evaluate((el) => el === document.activeElement), { timeout: 30_000 }).toBe(true);
    await page.keyboard.type(`T-${second.number}`);
    await shown(dialog.getByText(`Press Enter to open T-${second.number}.`));
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === `/practice/desk/tickets/${second.id}`);
    await shown(page.getByRole('heading', { name: `Ticket T-${second.number}: Printer offline on the second floor` }));

    const link = await shown(page.getByRole('link', { name: 'printer.png' }));
    const href = (await link.getAttribute('href'))!;
    const file = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return {
        status: res.status,
        disposition: res.headers.get('content-disposition'),
        size: (await res.arrayBuffer()).byteLength,
      };
    }, href);
    expect(file).toEqual({
      status: 200,
      disposition: `attachment; filename="printer.png"; filename*=UTF-8''printer.png`,
      size: png.length,
    });

    // Cmd+K opens it too; Escape closes it.
    await page.keyboard.press('Meta+k');
    await shown(page.getByRole('dialog', { name: 'Go to a ticket' }));
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Go to a ticket' }).waitFor({ state: 'detached' });
  });
});
