/**
 * The checks CSV import in Chromium: the practice's administrator opens Import CSV on the
 * Monitoring page, reads the preview (a row with an error first, then the fixed file), applies
 * it, copies the new push check's URL shown once, and sees the checks in the list.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { cspViolations, shown, startPracticeServerAndBrowser } from '../support/e2e.ts';

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
});
