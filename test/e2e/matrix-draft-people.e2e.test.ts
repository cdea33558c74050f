/**
 * A blank draft with the practice's named people and time zone (issue 15), in Chromium against a
 * real `tandem serve`: the practice administrator names two people (one covering for the other)
 * and picks the practice's zone from a searchable list that starts at the browser's zone; the new
 * draft's grid has a column for each person, and the stored draft has their roles, the cover and
 * the zone.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { newContext, setupToken, shown, signIn, startServerAndBrowser } from '../support/e2e.ts';

const admin = { name: 'Lee Owner', email: 'lee@pine-clinic.example', password: 'amber falcon harbor 6620 tandem' };

describe.skipIf(!chromiumAvailable())('new matrix draft with named people, in Chromium', () => {
  let page: Page;
  const e2e = startServerAndBrowser({
    folderPrefix: 'tandem-e2e-draft-people-',
    serverStartMs: 240_000,
    ready: async (server) => {
      const token = await setupToken(server);
      // The practice runs Tandem itself: its administrator needs no second factor.
      const setup = await fetch(`${server.url}/api/v1/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token,
          organization: { name: 'Pine Clinic', kind: 'practice' },
          practice: { name: 'Pine Clinic', specialty: 'medical', timeZone: 'America/Denver' },
          admin: { email: admin.email, displayName: admin.name, password: admin.password },
        }),
      });
      expect(setup.status, await setup.text()).toBe(201);
    },
    hookTimeoutMs: 400_000,
  });
  beforeAll(async () => {
    page = await (await newContext(e2e.browser, { width: 1400, height: 1000, timezoneId: 'America/Denver' })).newPage();
  }, 400_000);

  it('drafts a blank matrix with two named people and the chosen zone, and the grid shows them', async () => {
    await page.goto(`${e2e.server.url}/sign-in`);
    await signIn(page, admin.email, admin.password);
    await page.waitForURL((u) => u.pathname !== '/sign-in');
    await page.goto(`${e2e.server.url}/responsibilities`);
    const panel = await shown(page.getByRole('region', { name: 'New draft' }));
    await panel.getByRole('textbox', { name: 'Start a new draft from' }).click();
    await page.getByRole('option', { name: 'A blank matrix with your people' }).click();

    // The zone starts at the browser's, and is searchable.
    const zone = panel.getByRole('textbox', { name: 'Practice time zone' });
    expect(await zone.inputValue()).toBe('America/Denver');
    await zone.fill('Chicago');
    await page.getByRole('option', { name: 'America/Chicago' }).click();
    expect(await zone.inputValue()).toBe('America/Chicago');

    await panel.getByRole('textbox', { name: 'Name of person 1' }).fill('Priya Patel');
    await panel.getByRole('textbox', { name: 'Role of Priya Patel' }).fill('IT lead');
    await panel.getByRole('button', { name: 'Add a person' }).click();
    await panel.getByRole('textbox', { name: 'Name of person 2' }).fill('Sam Ortiz');
    await panel.getByRole('textbox', { name: 'Role of Sam Ortiz' }).fill('Office manager');
    await panel.getByRole('textbox', { name: 'Side of Sam Ortiz' }).click();
    await page.getByRole('option', { name: 'Practice staff' }).click();
    // The MultiSelect's pill area lies over its input; the click is the person's on that field.
    await panel.getByRole('textbox', { name: 'Sam Ortiz covers for' }).click({ force: true });
    await page.getByRole('option', { name: 'Priya Patel' }).click();
    await page.keyboard.press('Escape');

    await panel.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL((u) => u.searchParams.get('version') === '1');
    const headers = page.getByRole('grid').getByRole('columnheader');
    // Each party's column header: its name, then its side and hours.
    await expect
      .poll(() => headers.allTextContents())
      .toEqual(['Activity', 'Priya PatelInternal IT · business hours', 'Sam OrtizPractice · business hours']);

    // What was stored: the people with their roles, sides and cover, and the zone.
    const session = (await (await page.request.get(`${e2e.server.url}/api/v1/auth/session`)).json()) as {
      memberships: { practiceId: string }[];
    };
    const practiceId = session.memberships[0]!.practiceId;
    const stored = (await (
      await page.request.get(`${e2e.server.url}/api/v1/practices/${practiceId}/matrix/versions/1`)
    ).json()) as { matrix: { hours: { timeZone: string }; parties: unknown[] } };
    expect(stored.matrix.hours.timeZone).toBe('America/Chicago');
    expect(stored.matrix.parties).toEqual([
      expect.objectContaining({
        id: 'priya-patel',
        name: 'Priya Patel',
        role: 'IT lead',
        side: 'internal_it',
        covers: [],
      }),
      expect.objectContaining({
        id: 'sam-ortiz',
        name: 'Sam Ortiz',
        role: 'Office manager',
        side: 'practice',
        kind: 'person',
        covers: ['priya-patel'],
      }),
    ]);
  });
});
