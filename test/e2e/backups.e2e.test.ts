/**
 * Backups in Chromium against a real `tandem serve`: the practice's administrator adds a protected
 * system and a backup job, copies the report URL shown once, and a report posted to it from the
 * test (as a backup product's post-job script would, with fetch) shows the job fresh; then records
 * a restore test with an evidence file, downloads it back as an attachment, and opens the printable
 * evidence report.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { cspViolations, shown, startPracticeServerAndBrowser } from '../support/e2e.ts';

describe.skipIf(!chromiumAvailable())('backups pages in Chromium', () => {
  const e2e = startPracticeServerAndBrowser('tandem-e2e-backups-');

  it('adds a system and a job, sees a pushed report make it fresh, records a restore test with evidence and opens the report', async () => {
    const page = await e2e.signedInPage();
    await page.goto(`${e2e.server.url}/home`);
    await page.getByRole('link', { name: 'Backups', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/practice/backups');
    await shown(page.getByText('No protected systems yet.'));

    await page.getByRole('button', { name: 'Add system' }).click();
    const systemDialog = await shown(page.getByRole('dialog'));
    await systemDialog.getByLabel('Name').fill('EHR database server');
    await systemDialog.getByRole('button', { name: 'Add system' }).click();
    await systemDialog.waitFor({ state: 'detached' });
    const systemRow = page.getByRole('row').filter({ hasText: 'EHR database server' });
    await shown(systemRow.getByText('3-2-1 not met'));

    await page.getByRole('button', { name: 'Add backup job' }).click();
    const jobDialog = await shown(page.getByRole('dialog'));
    await jobDialog.getByLabel('Name').fill('Nightly to NAS');
    await jobDialog.getByRole('button', { name: 'Add job' }).click();
    const reportUrl = (await (await shown(jobDialog.getByTestId('new-report-url'))).textContent())!;
    expect(reportUrl).toMatch(/\/api\/v1\/backup-reports\/[A-Za-z0-9_-]{43}$/);
    await shown(jobDialog.getByText(`curl -fsS -X POST '${reportUrl}'`, { exact: false }));
    await jobDialog.getByRole('button', { name: 'Done' }).click();
    await jobDialog.waitFor({ state: 'detached' });
    const jobRow = page.getByRole('row').filter({ hasText: 'Nightly to NAS' });
    await shown(jobRow.getByText('Waiting for a first copy'));

    const end = new Date(Date.now() - 60_000);
    const pushed = await fetch(reportUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        start: new Date(end.getTime() - 40 * 60_000).toISOString(),
        end: end.toISOString(),
        bytes: 52_428_800,
        result: 'success',
        message: 'Completed',
      }),
    });
    expect(pushed.status).toBe(202);
    await page.reload();
    await shown(jobRow.getByText('Fresh', { exact: true }));
    await jobRow.getByRole('link', { name: 'Nightly to NAS' }).click();
    await shown(page.getByRole('table', { name: 'Reports' }).getByText('Completed'));

    await page.goto(`${e2e.server.url}/practice/backups`);
    await systemRow.getByRole('link', { name: 'EHR database server' }).click();
    await shown(page.getByRole('heading', { name: 'EHR database server' }));
    await shown(page.getByText('No restore tests recorded yet.'));
    const form = page.getByRole('form', { name: 'Record a restore test' });
    await form.getByLabel('What was restored').fill('The EHR database');
    await form.getByLabel('From which copy').fill('NAS copy of last night');
    await form.getByLabel('Performed by').fill('Sam Rivera');
    await form.getByLabel('Started').fill('2026-12-01T08:00');
    await form.getByLabel('Finished').fill('2026-12-01T09:30');
    const log = 'restore started 08:00\nrestore verified 09:30\n';
    await form.locator('input[type="file"]').setInputFiles({
      name: 'restore-log.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(log),
    });
    await form.getByRole('button', { name: 'Record restore test' }).click();
    const testRow = page
      .getByRole('table', { name: 'Restore tests' })
      .getByRole('row')
      .filter({ hasText: 'The EHR database' });
    await shown(testRow.getByText('90 min of 1440'));
    const link = await shown(testRow.getByRole('link', { name: 'restore-log.txt' }));
    const download = await fetch(`${e2e.server.url}${await link.getAttribute('href')}`, {
      headers: e2e.session.headers,
    });
    expect(download.headers.get('content-disposition')).toContain('attachment; filename="restore-log.txt"');
    expect(await download.text()).toBe(log);

    await page.goto(`${e2e.server.url}/practice/backups`);
    await page.getByRole('link', { name: 'Evidence report' }).click();
    await shown(page.getByRole('heading', { name: 'Backup evidence report' }));
    const reportRow = page
      .getByRole('table', { name: 'Backup evidence' })
      .getByRole('row')
      .filter({ hasText: 'EHR database server' });
    await shown(reportRow.getByText(/%$/));
    await shown(reportRow.getByText(/passed, 90 \/ 1440 min/));
    await shown(page.getByRole('button', { name: 'Print' }));
    expect(cspViolations(page.context())).toEqual([]);
  }, 300_000);
});
