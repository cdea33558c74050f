/**
 * The printable schedule as a contract attachment (issue 15): parties, version, in-force date and
 * agreement record in the practice's zone, hours in words, findings summary, signature blocks and
 * page numbers. Expectations are worked out by hand.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftMatrix } from '../../src/matrix/generate.ts';
import { daysInWords, hoursInWords, momentInZone } from '../../src/matrix/hours-words.ts';
import { matrixToHtml } from '../../src/matrix/schedule-html.ts';
import { matrixSchema } from '../../src/matrix/schema.ts';
import { validateMatrix } from '../../src/matrix/validate.ts';
import type { VersionSummary } from '../../src/matrix/version-schema.ts';
import { assess } from '../../src/advisor/engine/assess.ts';
import { parseProfileText } from '../../src/advisor/engine/profile/profile-text.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';

describe('hours in words', () => {
  it.each([
    [[1, 2, 3, 4, 5], 'Monday to Friday'],
    [[1, 2, 3, 4, 5, 6], 'Monday to Saturday'],
    [[1, 3, 5], 'Monday, Wednesday and Friday'],
    [[5, 1, 2, 3], 'Monday to Wednesday and Friday'],
    [[6, 7], 'Saturday and Sunday'],
    [[7], 'Sunday'],
    [[1, 2, 3, 4, 5, 6, 7], 'every day'],
  ])('ISO weekdays %j read "%s"', (days, words) => {
    expect(daysInWords(days)).toBe(words);
  });

  it('says the hours in 24-hour time with the zone', () => {
    expect(hoursInWords({ timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' })).toBe(
      'Monday to Friday, 8:00 to 18:00 America/Chicago',
    );
    expect(hoursInWords({ timeZone: 'Europe/London', days: [6], start: '09:30', end: '13:00' })).toBe(
      'Saturday, 9:30 to 13:00 Europe/London',
    );
  });

  it("gives a moment in the practice's zone, summer time included", () => {
    // 15:00 UTC is 9:00 in Chicago in November (UTC-6) and 10:00 in July (UTC-5).
    expect(momentInZone('2026-11-24T15:00:00.000Z', 'America/Chicago')).toBe('24 November 2026, 9:00 CST');
    expect(momentInZone('2026-07-01T15:00:00.000Z', 'America/Chicago')).toBe('1 July 2026, 10:00 CDT');
  });
});

const signature = (displayName: string, at: string) => ({ by: { id: crypto.randomUUID(), displayName }, at });

function agreedVersion(): VersionSummary {
  return {
    number: 3,
    status: 'agreed',
    revision: 4,
    note: null,
    createdAt: '2026-11-20T14:00:00.000Z',
    createdBy: null,
    updatedAt: '2026-11-24T15:00:00.000Z',
    proposed: signature('Rosa Manager', '2026-11-23T16:30:00.000Z'),
    requiredSides: ['practice', 'msp'],
    agreements: {
      practice: signature('Rosa Manager', '2026-11-23T16:30:00.000Z'),
      msp: signature('Morgan Lee', '2026-11-24T15:00:00.000Z'),
    },
    agreedAt: '2026-11-24T15:00:00.000Z',
    supersededAt: null,
    activityCount: 3,
    partyCount: 4,
    errorCount: 0,
    warningCount: 0,
  };
}

describe('matrixToHtml', () => {
  const m = matrixSchema.parse({
    ...smallMatrix(),
    hours: { timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' },
  });

  it('names the parties, the version, when it came into force and who agreed when, in the practice zone', () => {
    const html = matrixToHtml(m, validateMatrix(m), {
      title: 'Responsibility schedule, version 3 (agreed)',
      practiceName: 'Alder Family Medicine',
      mspName: 'Harbor IT Partners',
      version: agreedVersion(),
    });
    expect(html).toContain('<dt>Practice</dt><dd>Alder Family Medicine</dd>');
    expect(html).toContain('<dt>Managed service provider</dt><dd>Harbor IT Partners</dd>');
    expect(html).toContain('<dt>Version</dt><dd>3 (agreed)</dd>');
    expect(html).toContain('<dt>In force from</dt><dd>24 November 2026, 9:00 CST</dd>');
    expect(html).toContain('<dt>Proposed</dt><dd>by Rosa Manager, 23 November 2026, 10:30 CST</dd>');
    expect(html).toContain('<dt>Agreed for the practice</dt><dd>Rosa Manager, 23 November 2026, 10:30 CST</dd>');
    expect(html).toContain('<dt>Agreed for the MSP</dt><dd>Morgan Lee, 24 November 2026, 9:00 CST</dd>');
    expect(html).toContain('<dt>Business hours</dt><dd>Monday to Friday, 8:00 to 18:00 America/Chicago</dd>');
    expect(html).not.toContain('ISO weekdays');
    // A signature block for each side, page numbers in print.
    expect(html).toContain('<strong>For the practice, Alder Family Medicine</strong>');
    expect(html).toContain('<strong>For the managed service provider, Harbor IT Partners</strong>');
    expect(html.match(/<div class="signature">/g)).toHaveLength(2);
    expect(html).toContain('content:"Page " counter(page) " of " counter(pages)');
    expect(html).toContain('<h2>Findings</h2><p class="muted">No findings');
  });

  it('summarises the findings by severity and rule', () => {
    const broken = matrixSchema.parse({
      ...smallMatrix(),
      assignments: smallMatrix().assignments.map((a) => (a.activity === 'accounts' ? { ...a, responsible: [] } : a)),
    });
    const findings = validateMatrix(broken);
    expect(findings.map((f) => f.rule)).toEqual(['no_responsible']);
    expect(matrixToHtml(broken, findings)).toContain(
      '<h2>Findings</h2><p><strong>1 error, 0 warnings</strong> <span class="muted">(no responsible: 1)</span></p>',
    );
  });

  it('leaves blanks to fill in by hand when exported from a spreadsheet, and one signature block without an MSP', () => {
    const html = matrixToHtml(m, []);
    expect(html).toContain('<dt>Practice</dt><dd><span class="blank"></span></dd>');
    expect(html).toContain('<dt>Version</dt><dd><span class="blank"></span></dd>');
    const solo = matrixSchema.parse({
      ...smallMatrix(),
      parties: smallMatrix().parties.filter((p) => p.side !== 'msp'),
      assignments: [],
    });
    const alone = matrixToHtml(solo, [], { practiceName: 'Lakeside Dental' });
    expect(alone.match(/<div class="signature">/g)).toHaveLength(1);
    expect(alone).toContain('<dt>Managed service provider</dt><dd>none (the practice runs its own IT)</dd>');
  });

  it('escapes hostile names in the page and in the print footer', () => {
    const html = matrixToHtml(m, [], { practiceName: '</style><script>alert(1)</script>"' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;/style&gt;&lt;script&gt;');
    // In the CSS footer string all but plain text is escaped (< is \3c ), so the style element cannot be closed.
    expect(html).toContain(
      'content:"\\3c \\2f style\\3e \\3c script\\3e alert(1)\\3c \\2f script\\3e \\22 \\3a  Responsibility schedule"',
    );
  });

  it("prints a Chicago practice's drafted hours in Chicago time", () => {
    const file = path.join(import.meta.dirname, '..', '..', 'examples', 'medical-15-infra-cto.yaml');
    const profile = parseProfileText(readFileSync(file, 'utf8'));
    expect(profile.practice.timeZone).toBe('America/Chicago');
    const draft = draftMatrix(assess(profile, { iterations: 1000 }), {
      timeZone: profile.practice.timeZone!,
      staff: profile.staff,
    });
    expect(matrixToHtml(draft, [])).toContain('Monday to Friday, 8:00 to 18:00 America/Chicago');
  });
});
