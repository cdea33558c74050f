/**
 * The checks CSV import in Chromium: the practice's administrator opens Import CSV on the
 * Monitoring page, reads the preview (a row with an error first, then the fixed file), applies
 * it, copies the new push check's URL shown once, and sees the checks in the list. Then, past a
 * page of checks, the list draws the first page only and "Show more" draws the next; and the status
 * page's checks are read and ticked only once "Choose published checks" is opened.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { cspViolations, shown, startPracticeServerAndBrowser } from '../support/e2e.ts';
import { waitFor } from '../support/wait-for.ts';

const header = 'Friendly Name,Type,URL,Interval,Activity,Site';
const good = [
  'Patient portal,http,https://portal.example.com/,5m,web_hosting,Main',
  'Nightly backup,push,,24h,backup,Main',
];

describe.skipIf(!chromiumAvailable())('monitoring CSV import in Chromium', () => {
  const e2e = startPracticeServerAndBrowser('tandem-e2e-monitoring-import-');

  it('previews a file with an error, applies the fixed one and shows the push URL once', async () => {
    const page = await e2e.signedInPage();
    await page.goto(`${e2e.server.url}/monitoring`);
    await shown(page.getByText('No checks yet.'));

    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = await shown(page.getByRole('dialog', { name: 'Import checks from CSV' }));
    expect(await dialog.getByRole('link', { name: 'Download a template' }).getAttribute('href')).toMatch(
      /^data:text\/csv/,
    );
    const csvField = dialog.getByLabel('CSV', { exact: true });
    await csvField.fill([header, ...good, 'Old router,ping,,60,network,Main'].join('\n'));
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await shown(
      dialog.getByTestId('import-summary').filter({ hasText: '2 new, 0 to update, 0 unchanged, 1 with errors.' }),
    );
    await shown(dialog.getByText(/Type: ping is not a kind Tandem runs/));
    await shown(dialog.getByText('Columns not imported: Site'));
    expect(await dialog.getByRole('button', { name: 'Apply import' }).isDisabled()).toBe(true);

    await csvField.fill([header, ...good].join('\n'));
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await shown(
      dialog.getByTestId('import-summary').filter({ hasText: '2 new, 0 to update, 0 unchanged, 0 with errors.' }),
    );
    await dialog.getByRole('button', { name: 'Apply import' }).click();

    const done = await shown(page.getByRole('dialog', { name: 'Checks imported' }));
    const url = (await done.getByTestId('import-url-3').textContent()) ?? '';
    expect(url).toMatch(/\/api\/v1\/monitor\/push\/[A-Za-z0-9_-]+$/);
    await done.getByRole('button', { name: 'Done' }).click();
    await done.waitFor({ state: 'detached' });

    const table = page.getByRole('table', { name: 'Checks' });
    await shown(table.getByRole('link', { name: 'Patient portal' }));
    await shown(table.getByRole('link', { name: 'Nightly backup' }));
    // The URL works: the push check takes a ping at it.
    expect((await fetch(url)).status).toBeLessThan(300);
    expect(cspViolations(page.context())).toEqual([]);
  }, 180_000);

  it('draws a page of checks at a time, and the status page chooser lists them all on demand', async () => {
    const practice = `${e2e.server.url}/api/v1/practices/${e2e.session.practiceId}`;
    const post = async <T>(path: string, body: unknown): Promise<T> => {
      const res = await fetch(`${practice}${path}`, {
        method: 'POST',
        headers: { ...e2e.session.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      return (await res.json()) as T;
    };
    // 100 more push checks (they wait to be pinged: nothing runs), 102 in all: past a page of 100.
    const rows = Array.from({ length: 100 }, (_, i) => `Job ${String(i).padStart(3, '0')},push,,24h,backup,Main`);
    const csv = [header, ...rows].join('\n');
    const { previewHash } = await post<{ previewHash: string }>('/monitor/checks/import/preview', { csv });
    await post('/monitor/checks/import', { csv, previewHash });

    const page = await e2e.signedInPage();
    await page.goto(`${e2e.server.url}/monitoring`);
    const table = page.getByRole('table', { name: 'Checks' });
    const shownCount = page.getByTestId('checks-shown');
    await shown(shownCount.filter({ hasText: '100 of 102 checks shown' }));
    // The header row and the first page's 100.
    expect(await table.getByRole('row').count()).toBe(101);
    await shown(page.getByRole('heading', { name: 'Needs attention' }));
    await page.getByRole('button', { name: 'Show more' }).click();
    await shown(shownCount.filter({ hasText: '102 of 102 checks shown' }));
    expect(await table.getByRole('row').count()).toBe(103);
    expect(await page.getByRole('button', { name: 'Show more' }).count()).toBe(0);

    // The chooser is closed: no check's box is drawn until it opens.
    const form = page.getByRole('form', { name: 'Public status page' });
    await shown(form.getByText('0 checks published'));
    expect(await form.getByRole('checkbox').count()).toBe(0);
    await form.getByRole('button', { name: 'Choose published checks' }).click();
    await form.getByRole('checkbox', { name: 'Patient portal' }).check();
    await form.getByLabel('Public name for Patient portal').fill('Online booking');
    await form.getByRole('button', { name: 'Save status page' }).click();
    await waitForPublished(practice, e2e.session.headers, 'Online booking');
    expect(await form.getByRole('checkbox').count()).toBe(102);
    expect(cspViolations(page.context())).toEqual([]);
  }, 180_000);
});

/** Waits until the saved status page settings publish one check under `publicName`. */
async function waitForPublished(practice: string, headers: Record<string, string>, publicName: string) {
  await waitFor(
    async () => {
      const res = await fetch(`${practice}/monitor/status-page`, { headers });
      const settings = (await res.json()) as { checks: { publicName: string }[] };
      return settings.checks.length === 1 && settings.checks[0]!.publicName === publicName;
    },
    { timeoutMs: 10_000, what: 'the status page publishing the check' },
  );
}
