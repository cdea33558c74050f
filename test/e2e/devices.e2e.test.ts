/**
 * The device inventory in Chromium against a real `tandem serve`: the administrator opens Devices
 * from the navigation, imports a CSV after reading its preview, sees the risk counts on the
 * chips and on the practice's home page, filters by one, and opens a device whose facts name
 * their source; an endpoint agent's heartbeat adds its device, whose page shows the agent's facts,
 * its readings (chart, table per day, boots), its check and a ticket that names it.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { cspViolations, shown, startPracticeServerAndBrowser } from '../support/e2e.ts';

/** Header names as an RMM export writes them; one column the import does not use. */
const csv = [
  'Hostname,Serial Number,Device Type,Operating System,BitLocker,Stores PHI,Notes',
  'RECEPTION-01,SN-1001,Desktop,Windows 11 Pro,Disabled,yes,front desk',
  'XRAY-PC,SN-1002,Desktop,Windows 10 Pro,Enabled,yes,',
  'Wristband printer,SN-1003,Wristband printer,,,no,',
].join('\n');

describe.skipIf(!chromiumAvailable())('device inventory in Chromium', () => {
  const e2e = startPracticeServerAndBrowser('tandem-e2e-devices-');

  it('imports a CSV through its preview, shows the risk counts, filters by one and opens a device', async () => {
    const page = await e2e.signedInPage();
    await page.goto(`${e2e.server.url}/home`);
    await page.getByRole('link', { name: 'Devices', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/practice/devices');
    await shown(page.getByText('No devices here.'));

    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = await shown(page.getByRole('dialog'));
    await dialog.getByLabel('CSV', { exact: true }).fill(csv);
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await shown(
      dialog.getByTestId('import-summary').filter({ hasText: '3 new, 0 to update, 0 unchanged, 0 with errors.' }),
    );
    await shown(dialog.getByText('Columns not imported: Notes'));
    expect(await dialog.getByRole('table', { name: 'Import preview' }).locator('tbody tr').count()).toBe(3);
    await dialog.getByRole('button', { name: 'Apply import' }).click();
    await dialog.waitFor({ state: 'detached' });

    // RECEPTION-01 (PHI, BitLocker off) and XRAY-PC (Windows 10, past its end of support).
    await shown(page.getByTestId('risk-unencrypted_phi').filter({ hasText: '(1)' }));
    await shown(page.getByTestId('risk-unsupported_os').filter({ hasText: '(1)' }));
    // Both PCs run an endpoint agent that nobody has said is on; the printer runs none.
    await shown(page.getByTestId('risk-no_endpoint_protection').filter({ hasText: '(2)' }));
    await shown(page.getByRole('button', { name: 'All devices (3)' }));

    await page.getByTestId('risk-unsupported_os').click();
    await page.waitForURL((u) => u.searchParams.get('risk') === 'unsupported_os');
    const table = page.getByRole('table', { name: 'Devices' });
    await shown(table.getByRole('link', { name: 'XRAY-PC' }));
    await table.getByRole('link', { name: 'RECEPTION-01' }).waitFor({ state: 'detached' });
    expect(await table.locator('tbody tr').count()).toBe(1);

    await table.getByRole('link', { name: 'XRAY-PC' }).click();
    await shown(page.getByRole('heading', { name: 'XRAY-PC' }));
    const facts = page.getByRole('table', { name: 'Facts' });
    await shown(facts.getByRole('row').filter({ hasText: 'Operating system' }).filter({ hasText: 'CSV import' }));
    await shown(page.getByTestId('device-risks').getByText('Unsupported operating system'));
    await shown(page.getByText(/Imported from CSV/));

    // The practice's home page counts the same views.
    await page.goto(`${e2e.server.url}/home`);
    await shown(page.getByTestId('home-risk-unencrypted_phi').filter({ hasText: '1' }));
    await shown(page.getByTestId('home-risk-no_endpoint_protection').filter({ hasText: '2' }));
    expect(cspViolations(page.context())).toEqual([]);
  }, 240_000);

  it("shows an agent's facts, its check and a linked ticket on the device's page", async () => {
    const api = `${e2e.server.url}/api/v1/practices/${e2e.session.practiceId}`;
    const post = async <T>(url: string, body: object) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...e2e.session.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      return (await res.json()) as T;
    };
    const { pushUrl } = await post<{ pushUrl: string }>(`${api}/monitor/checks`, {
      name: 'Front desk agent',
      probe: { kind: 'agent' },
      activity: 'wifi',
    });
    const agentFacts = {
      hostname: 'FRONTDESK-07',
      serial: 'SN-AGENT-7',
      os: 'Windows 11 Pro',
      osVersion: '24H2 (26100.2314)',
      diskFreePercent: 55,
      cpuPercent: 9,
      diskEncryption: true,
      endpointProtection: { name: 'Microsoft Defender', upToDate: true },
    };
    const agentUrl = `${e2e.server.url}${new URL(pushUrl).pathname}`;
    const heartbeat = await post<{ deviceId: string; deviceCreated: boolean }>(agentUrl, agentFacts);
    expect(heartbeat.deviceCreated).toBe(true);
    // A second heartbeat in the same hour: the hour's readings average both, and its boot is listed.
    const bootedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    await post(agentUrl, { ...agentFacts, diskFreePercent: 45, cpuPercent: 91, lastBoot: bootedAt });
    const { desks } = (await (await fetch(`${api}/desks`, { headers: e2e.session.headers })).json()) as {
      desks: { id: string; kind: string }[];
    };
    await post(`${api}/tickets`, {
      deskId: desks.find((d) => d.kind === 'it')!.id,
      category: 'computer',
      impact: 'low',
      urgency: 'low',
      title: 'Front desk PC will not print',
      description: 'The label printer on FRONTDESK-07 stopped.',
      deviceId: heartbeat.deviceId,
    });

    const page = await e2e.signedInPage();
    await page.goto(`${e2e.server.url}/practice/devices/${heartbeat.deviceId}`);
    await shown(page.getByRole('heading', { name: 'FRONTDESK-07' }));
    const facts = page.getByRole('table', { name: 'Facts' });
    await shown(facts.getByRole('row').filter({ hasText: 'OS version' }).filter({ hasText: 'Monitoring agent' }));
    await shown(page.getByTestId('fact-diskEncryption').filter({ hasText: 'yes' }));
    await shown(page.getByTestId('device-checks').getByRole('link', { name: 'Front desk agent' }));
    await shown(
      page.getByTestId('agent-facts').filter({ hasText: 'disk 45% free, CPU 91%, Microsoft Defender up to date' }),
    );
    await shown(page.getByTestId('device-tickets').getByText('Front desk PC will not print'));
    // Readings: the chart (loaded lazily), its table per day (the second heartbeat's disk 45 % is the
    // lowest, its CPU 91 % the highest) and the boot.
    const readings = page.getByRole('region', { name: 'Readings' });
    await shown(readings.getByTestId('readings-chart'));
    await shown(
      readings
        .getByRole('table', { name: 'Readings per day' })
        .getByRole('row')
        .filter({ hasText: '45%' })
        .filter({ hasText: '91%' }),
    );
    await shown(readings.getByTestId('readings-changes').getByText(/booted/));
    expect(cspViolations(page.context())).toEqual([]);
  }, 240_000);
});
