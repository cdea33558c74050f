/**
 * The responsibility matrix end to end, in Chromium against a real `tandem serve`: an MSP
 * administrator (through the API, with MFA) invites the practice administrator and starts a
 * draft that has a gap; the practice administrator, in the browser, finds the gap in the findings
 * panel, jumps to it, fills it from the keyboard, sees the finding go, and proposes it (confirming
 * in a dialog, which is the practice's agreement); the MSP agrees; a second draft changes one cell,
 * adds a planned absence (a finding) and the cover that clears it, and the diff view shows those
 * changes; the MSP proposes it, and the practice's agreement dialog lists those changes against the
 * version in force before it agrees; then a CSV file is imported as the next draft (a broken one
 * first, refused with its line).
 * The tests run in order and share the server and the browser.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { matrixToCsv } from '../../src/matrix/csv.ts';
import { matrixSchema, type MatrixInput } from '../../src/matrix/schema.ts';
import { validateMatrix } from '../../src/matrix/validate.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { setUpCoManagedPractice, type ApiUser } from '../support/api-user.ts';
import { newContext, shown, signIn, startServerAndBrowser } from '../support/e2e.ts';

const msp = { name: 'Morgan MSP', email: 'morgan@harbor-it.example', password: 'violet harbor engine 4471 tandem' };
const manager = {
  name: 'Rosa Manager',
  email: 'rosa@alder-medicine.example',
  password: 'copper heron meadow 5190 tandem',
};
const practiceName = 'Alder Family Medicine';

// Generous limits: the machine is shared and loaded, so a server start or a browser step can take long.
vi.setConfig({ testTimeout: 120_000 });

/** Two activities; "Patch workstations" has nobody Responsible (the gap the test fixes). */
const draft: MatrixInput = {
  parties: [
    { id: 'leadership', name: 'Practice leadership', side: 'practice', kind: 'leadership', securityOfficial: true },
    { id: 'internal-it', name: 'Internal IT', side: 'internal_it', kind: 'team' },
    {
      id: 'msp-desk',
      name: 'MSP service desk',
      side: 'msp',
      kind: 'team',
      scope: ['help_desk_it', 'end_user_devices'],
    },
  ],
  activities: [
    {
      id: 'accounts',
      name: 'Create and remove user accounts',
      function: 'help_desk_it',
      coverage: 'business',
      sla: 'normal',
      practiceAccountable: true,
    },
    { id: 'patching', name: 'Patch workstations', function: 'end_user_devices', coverage: 'business', sla: 'normal' },
  ],
  assignments: [
    {
      activity: 'accounts',
      responsible: ['internal-it'],
      accountable: ['leadership'],
      escalation: ['msp-desk', 'leadership'],
    },
    { activity: 'patching', responsible: [], accountable: ['leadership'], escalation: [] },
  ],
};

describe.skipIf(!chromiumAvailable())('responsibility matrix in Chromium: fix a gap, propose, agree, diff', () => {
  let page: Page;
  let mspUser: ApiUser;
  let practiceId = '';
  const cell = (activity: string, party: string) =>
    page.getByRole('gridcell', { name: new RegExp(`^${activity}, ${party}:`) });
  const status = () => page.getByLabel(/^Status: /);
  /** A cell's words for a screen reader (its name); the letters beside them are hidden from it. */
  const spokenName = 'span:not([aria-hidden])';

  const e2e = startServerAndBrowser({
    folderPrefix: 'tandem-e2e-matrix-',
    serverStartMs: 240_000,
    ready: async (server) => {
      ({ mspUser, practiceId } = await setUpCoManagedPractice(server, { msp, manager, practiceName }));

      // The draft with its one gap, checked here with the same code the server and the page run.
      expect(validateMatrix(matrixSchema.parse(draft)).map((f) => `${f.rule}:${f.activity}`)).toEqual([
        'no_responsible:patching',
      ]);
      await mspUser.ok(
        'POST',
        `/api/v1/practices/${practiceId}/matrix/versions`,
        { source: { kind: 'matrix', matrix: draft } },
        201,
      );
    },
    hookTimeoutMs: 400_000,
  });
  beforeAll(async () => {
    page = await (await newContext(e2e.browser, { width: 1400, height: 1000 })).newPage();
  }, 400_000);

  it('shows the draft with its gap in the findings panel', async () => {
    await page.goto(`${e2e.server.url}/sign-in`);
    await signIn(page, manager.email, manager.password);
    await page.waitForURL((u) => u.pathname === '/home');
    await page.getByRole('link', { name: 'Responsibilities' }).click();
    await page.waitForURL((u) => u.pathname === '/responsibilities');
    await shown(page.getByRole('grid', { name: 'Responsibility matrix' }));
    expect(await status().textContent()).toBe('draft');
    expect(await cell('Create and remove user accounts', 'Internal IT').locator('[aria-hidden]').textContent()).toBe(
      'R',
    );
    const findings = page.getByRole('region', { name: 'Findings' });
    await shown(findings.getByText(/1 error, 0 warnings/));
    await shown(findings.getByRole('button', { name: /error: .*Patch workstations/ }));
    expect(await page.getByRole('button', { name: 'Propose for agreement' }).isDisabled()).toBe(true);
  });

  it('jumps from the finding to its row, fills the gap from the keyboard, and the finding goes', async () => {
    await page
      .getByRole('region', { name: 'Findings' })
      .getByRole('button', { name: /Patch workstations/ })
      .click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.querySelector('span:not([aria-hidden])')?.textContent))
      .toBe('Patch workstations, Practice leadership: Accountable');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('r');
    expect(await cell('Patch workstations', 'MSP service desk').locator(spokenName).textContent()).toBe(
      'Patch workstations, MSP service desk: Responsible',
    );
    await shown(page.getByRole('region', { name: 'Findings' }).getByText(/No findings/));
    await shown(page.getByRole('status').getByText('All changes saved'));
    // Saved on the server, not only on screen.
    const saved = await mspUser.ok<{ findings: unknown[]; revision: number }>(
      'GET',
      `/api/v1/practices/${practiceId}/matrix/versions/1`,
    );
    expect(saved.findings).toEqual([]);
    expect(saved.revision).toBe(2);
  });

  it('undoes the edit with Ctrl+Z and redoes it with the Redo button, saving each step', async () => {
    const target = cell('Patch workstations', 'MSP service desk');
    const findings = page.getByRole('region', { name: 'Findings' });
    const savedVersion = () =>
      mspUser.ok<{ findings: unknown[]; revision: number }>('GET', `/api/v1/practices/${practiceId}/matrix/versions/1`);

    await page.keyboard.press('Control+z');
    await expect
      .poll(() => target.locator(spokenName).textContent())
      .toBe('Patch workstations, MSP service desk: none');
    await shown(findings.getByText(/1 error, 0 warnings/));
    await shown(page.getByRole('status').getByText('All changes saved'));
    expect(await page.getByRole('button', { name: 'Undo' }).isDisabled()).toBe(true);
    expect(await savedVersion()).toMatchObject({ revision: 3, findings: [expect.anything()] });

    await page.getByRole('button', { name: 'Redo' }).click();
    await expect
      .poll(() => target.locator(spokenName).textContent())
      .toBe('Patch workstations, MSP service desk: Responsible');
    await shown(findings.getByText(/No findings/));
    await shown(page.getByRole('status').getByText('All changes saved'));
    expect(await page.getByRole('button', { name: 'Redo' }).isDisabled()).toBe(true);
    expect(await savedVersion()).toMatchObject({ revision: 4, findings: [] });
  });

  it('proposes after confirming, which is the practice agreeing, and comes into force when the MSP agrees', async () => {
    await page.getByRole('button', { name: 'Propose for agreement' }).click();
    const dialog = await shown(
      page.getByRole('dialog', { name: 'Propose version 1 and agree to it for the practice?' }),
    );
    await shown(
      dialog.getByText('No version is in force yet: this will be the first, with 2 activities and 3 parties.'),
    );
    await shown(dialog.getByText('It comes into force when the MSP also agrees.'));
    // Cancelling changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await status().textContent()).toBe('draft');
    await page.getByRole('button', { name: 'Propose for agreement' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Propose and agree' }).click();
    await expect.poll(() => status().textContent()).toBe('proposed');
    await shown(page.getByText(`Practice agreement: ${manager.name}`, { exact: false }));
    // No separate click: the practice has agreed by proposing.
    expect(await page.getByRole('button', { name: 'Agree for the practice' }).count()).toBe(0);
    const agreed = await mspUser.ok<{ status: string }>(
      'POST',
      `/api/v1/practices/${practiceId}/matrix/versions/1/agree`,
      {},
    );
    expect(agreed.status).toBe('agreed');
    await page.reload();
    await expect.poll(() => status().textContent()).toBe('agreed');
    await shown(page.getByText(`MSP agreement: ${msp.name}`, { exact: false }));
    expect(await cell('Patch workstations', 'MSP service desk').getAttribute('aria-readonly')).toBe('true');
  });

  it('starts a new draft from the version in force, changes a cell, plans an absence and its cover, and shows the changes in the diff', async () => {
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL((u) => u.searchParams.get('version') === '2');
    await expect.poll(() => status().textContent()).toBe('draft');
    await cell('Create and remove user accounts', 'MSP service desk').click();
    await page.keyboard.press('c');
    await shown(page.getByRole('status').getByText('All changes saved'));

    // A planned absence: the MSP desk, next in the escalation path, takes the work, so the check
    // (which follows routing, issue 15) finds nothing uncovered; the desk is then named as cover.
    await page.getByRole('tab', { name: /^Absences/ }).click();
    await page.getByRole('textbox', { name: 'Who is away' }).click();
    await page.getByRole('option', { name: 'Internal IT' }).click();
    await page.getByLabel('From').fill('2026-12-24');
    await page.getByLabel('To', { exact: true }).fill('2026-12-31');
    await page.getByLabel('Note').fill('Holidays');
    await page.getByRole('button', { name: 'Add absence' }).click();
    await shown(page.getByRole('status').getByText('All changes saved'));
    expect(
      await page
        .getByRole('region', { name: 'Findings' })
        .getByText(/is away/)
        .count(),
    ).toBe(0);
    await page.getByRole('tab', { name: /^Parties/ }).click();
    await page.getByRole('textbox', { name: 'MSP service desk covers for' }).click();
    await page.getByRole('option', { name: 'Internal IT' }).click();
    await page.keyboard.press('Escape');
    await shown(page.getByRole('status').getByText('All changes saved'));

    await page.getByRole('button', { name: 'Show changes' }).click();
    await page.waitForURL((u) => u.pathname === '/responsibilities/diff' && u.search === '?from=1&to=2');
    await shown(page.getByRole('heading', { name: 'Changes from version 1 to version 2' }));
    const assignments = await shown(page.getByRole('region', { name: 'Assignments' }));
    await shown(assignments.getByText('Create and remove user accounts: Consulted (none) -> MSP service desk'));
    await shown(assignments.getByText('changed'));
    await shown(
      page
        .getByRole('region', { name: 'Absences' })
        .getByText('Added absence "Internal IT away 2026-12-24 to 2026-12-31"'),
    );
    await shown(
      page.getByRole('region', { name: 'Parties' }).getByText('MSP service desk: covers (none) -> Internal IT'),
    );
  });

  it('asks the practice to confirm its agreement to the MSP proposal, listing what changes against the version in force', async () => {
    const proposed = await mspUser.ok<{ status: string; agreements: { msp: unknown } }>(
      'POST',
      `/api/v1/practices/${practiceId}/matrix/versions/2/propose`,
      {},
    );
    expect(proposed.status).toBe('proposed');
    expect(proposed.agreements.msp).not.toBeNull(); // the MSP agreed by proposing
    await page.goto(`${e2e.server.url}/responsibilities?version=2`);
    await expect.poll(() => status().textContent()).toBe('proposed');
    await page.getByRole('button', { name: 'Agree for the practice' }).click();
    const dialog = await shown(page.getByRole('dialog', { name: 'Agree to version 2 for the practice?' }));
    const changes = await shown(dialog.getByRole('region', { name: 'Changes against the version in force' }));
    await shown(changes.getByText('3 changes against version 1, the version in force:'));
    await shown(changes.getByText('Create and remove user accounts: Consulted (none) -> MSP service desk'));
    await shown(changes.getByText('MSP service desk: covers (none) -> Internal IT'));
    await shown(changes.getByText('Added absence "Internal IT away 2026-12-24 to 2026-12-31"'));
    await shown(dialog.getByText('Your agreement puts version 2 in force at once.'));
    await dialog.getByRole('button', { name: 'Agree to version 2' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => status().textContent()).toBe('agreed');
    await shown(page.getByText(`Practice agreement: ${manager.name}`, { exact: false }));
  });

  it('imports a CSV as the next draft: a broken file is refused with its line and column, a good one opens in the grid', async () => {
    const imported: MatrixInput = {
      ...draft,
      activities: draft.activities.map((a) =>
        a.id === 'patching' ? { ...a, name: 'Patch workstations and laptops' } : a,
      ),
      assignments: draft.assignments.map((a) => (a.activity === 'patching' ? { ...a, responsible: ['msp-desk'] } : a)),
    };
    const csv = matrixToCsv(matrixSchema.parse(imported));
    const broken = csv.replace(',business,', ',weekends,');
    expect(broken).not.toBe(csv);

    await page.goto(`${e2e.server.url}/responsibilities`);
    const panel = await shown(page.getByRole('region', { name: 'New draft' }));
    await panel.getByRole('textbox', { name: 'Start a new draft from' }).click();
    await page.getByRole('option', { name: 'A CSV file' }).click();
    const upload = (text: string) =>
      panel
        .locator('input[type="file"]')
        .setInputFiles({ name: 'matrix.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await upload(broken);
    await panel.getByRole('button', { name: 'Create draft' }).click();
    const refused = await shown(panel.getByRole('alert'));
    expect(await refused.textContent()).toMatch(/nothing was imported.*line \d+, column coverage/);

    await upload(csv);
    await panel.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL((u) => u.searchParams.get('version') === '3');
    await expect.poll(() => status().textContent()).toBe('draft');
    expect(await cell('Patch workstations and laptops', 'MSP service desk').locator(spokenName).textContent()).toBe(
      'Patch workstations and laptops, MSP service desk: Responsible',
    );
    await shown(page.getByRole('region', { name: 'Findings' }).getByText(/No findings/));
  });

  it('keeps saying a draft was not saved after a colleague saved it first, however many edits follow', async () => {
    // The MSP administrator saves version 3 behind the page's back: the page's revision is stale.
    const path3 = `/api/v1/practices/${practiceId}/matrix/versions/3`;
    const current = await mspUser.ok<{ revision: number; matrix: unknown }>('GET', path3);
    await mspUser.ok('PUT', path3, { revision: current.revision, matrix: current.matrix });

    await cell('Create and remove user accounts', 'MSP service desk').click();
    await page.keyboard.press('i');
    const saveStatus = page.getByRole('status');
    await shown(saveStatus.getByText('Not saved'));
    const reload = await shown(page.getByText('Reload the latest version'));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('i');
    await page.waitForTimeout(1_000); // past the save delay: nothing may have changed the message
    expect(await saveStatus.textContent()).toBe('Not saved');
    expect(await reload.isVisible()).toBe(true);
    const after = await mspUser.ok<{ revision: number }>('GET', path3);
    expect(after.revision).toBe(current.revision + 1);
  });
});
