/**
 * The overview across practices and live updates in Chromium against a real `tandem serve` (which
 * runs the scheduler), one server and one page: the organisation's administrator (of a practice
 * that runs Tandem itself, so no second factor to enrol) opens All practices, sees an HTTP check go
 * up and then down with no reload (the server-sent events stream; the page's own poll is once a
 * minute), opens the check from the overview, and the practice's public status page shows the
 * outage under the check's public name. The check page draws its latency chart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { cspViolations, shown, startPracticeServerAndBrowser } from '../support/e2e.ts';
import { MonitoredSite } from '../support/monitored-site.ts';

describe.skipIf(!chromiumAvailable())('monitoring overview and live updates in Chromium', () => {
  let site: MonitoredSite;
  beforeAll(async () => {
    site = await MonitoredSite.start();
  });
  afterAll(async () => {
    await site?.close().catch(() => undefined);
  });
  const e2e = startPracticeServerAndBrowser('tandem-e2e-monitoring-live-');

  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${e2e.server.url}${path}`, {
      method,
      headers: { ...e2e.session.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return (await res.json()) as T;
  };

  it('shows practices worst first and a check going down live, then the public status page', async () => {
    const practice = `/api/v1/practices/${e2e.session.practiceId}`;
    await api('POST', '/api/v1/practices', { name: 'Second Clinic', specialty: 'dental' });
    const { check } = await api<{ check: { id: string } }>('POST', `${practice}/monitor/checks`, {
      name: 'EHR portal',
      probe: { kind: 'http', url: site.url },
      intervalSeconds: 10,
      failureThreshold: 1,
      recoveryThreshold: 1,
      activity: 'edr',
      allowPrivateTargets: true,
    });
    const { slug } = await api<{ slug: string }>('PUT', `${practice}/monitor/status-page`, {
      enabled: true,
      title: 'Bench Family Medicine',
      checks: [{ checkId: check.id, publicName: 'Patient portal' }],
    });

    const page = await e2e.signedInPage();
    await page.goto(`${e2e.server.url}/home`);
    await page.getByRole('link', { name: 'All practices', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/overview');
    await shown(page.getByTestId('live-status').filter({ hasText: 'Live' }));
    const rows = page.getByRole('table', { name: 'Practices' }).getByRole('row');
    const bench = rows.filter({ hasText: 'Bench Family Medicine' });
    await shown(rows.filter({ hasText: 'Second Clinic' }).getByText('No checks'));
    // The first run comes within 5 s of creation.
    await shown(bench.getByText('1 up', { exact: true }));

    await site.close();
    await bench.getByText('1 down', { exact: true }).waitFor({ timeout: 90_000 });
    // Worst first: the practice with a check down leads.
    expect(await rows.nth(1).textContent()).toContain('Bench Family Medicine');
    await bench.getByRole('button', { name: 'EHR portal' }).click();
    await page.waitForURL((u) => u.pathname === `/monitoring/${check.id}`);
    await shown(page.getByRole('heading', { name: 'EHR portal' }));
    // Its latency chart (recharts, loaded with it) over the runs listed in History.
    await shown(page.getByTestId('latency-chart').locator('svg'));
    await shown(page.getByText(/Latency of the last \d+ runs/));

    await page.goto(`${e2e.server.url}/status/${slug}`);
    await shown(page.getByRole('heading', { name: 'Bench Family Medicine' }));
    await shown(page.getByTestId('overall-status').filter({ hasText: 'Outage' }));
    await shown(page.getByText('Patient portal'));
    expect(await page.getByText('EHR portal').count()).toBe(0);
    expect(cspViolations(page.context())).toEqual([]);
  }, 240_000);
});
