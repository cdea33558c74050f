/** `tandem matrix` as a practice uses it: draft from a profile, check a spreadsheet, export. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findingSchema } from '../../src/matrix/schema.ts';
import { repoRoot, tandemBin } from '../support/spawn-server.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-matrix-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tandem(args: string[]) {
  const r = spawnSync(process.execPath, [tandemBin, 'matrix', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tandem matrix', () => {
  const csv = path.join(dir, 'matrix.csv');

  it('drafts a matrix from a profile that checks without errors, and exports it as Markdown', () => {
    const draft = tandem(['draft', path.join(repoRoot, 'examples', 'medical-15-infra-cto.yaml'), '--out', csv]);
    expect(draft.stderr).toBe('');
    expect(draft.code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toMatch(/^kind,id,name,/);
    // Warnings only (the IT coordinator nobody covers, as the profile says): exit 0.
    const check = tandem(['check', csv]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('Only Jordan Blake does "Triage and log tickets", and nobody covers for them');
    const md = tandem(['export', csv, '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('# Responsibility schedule');
    expect(md.stdout).toContain('| Activity | Cover | SLA | Responsible | Accountable |');
    const html = tandem([
      'export',
      csv,
      '--format',
      'html',
      '--out',
      path.join(dir, 'schedule.html'),
      '--practice',
      'Lakeside Internal Medicine',
      '--msp',
      'Harbor IT Partners',
    ]);
    expect(html.code).toBe(0);
    const page = readFileSync(path.join(dir, 'schedule.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('HIPAA security official');
    expect(page).toContain('<dt>Practice</dt><dd>Lakeside Internal Medicine</dd>');
    expect(page).toContain('<strong>For the managed service provider, Harbor IT Partners</strong>');
    expect(page).toContain('<dt>Business hours</dt><dd>Monday to Friday, 8:00 to 18:00 America/Chicago</dd>');
    expect(page).not.toMatch(/<script|<link|src="http/);
  }, 240_000); // five CLI processes on a shared, loaded machine

  it("drafts business hours in the practice's zone: --time-zone, else the profile's, else the default with a note", () => {
    const profile = path.join(repoRoot, 'examples', 'medical-15-infra-cto.yaml');
    const hoursOf = (text: string) => text.split('\r\n').find((l) => l.startsWith('hours,'));
    const fromProfile = tandem(['draft', profile]);
    expect(fromProfile.code).toBe(0);
    expect(hoursOf(fromProfile.stdout)).toContain(',America/Chicago,');
    const given = tandem(['draft', profile, '--time-zone', 'America/Phoenix', '--format', 'html']);
    expect(given.code).toBe(0);
    expect(given.stdout).toContain('Monday to Friday, 8:00 to 18:00 America/Phoenix');
    const bad = tandem(['draft', profile, '--time-zone', 'Mars/Olympus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--time-zone: "Mars/Olympus" is not an IANA time zone');
    const noZone = path.join(dir, 'no-zone.yaml');
    writeFileSync(noZone, readFileSync(profile, 'utf8').replace(/^ {2}timeZone: .*$/m, ''));
    const assumed = tandem(['draft', noZone]);
    expect(assumed.code).toBe(0);
    expect(hoursOf(assumed.stdout)).toContain(',America/New_York,');
    expect(assumed.stderr).toContain('business hours are drafted in America/New_York');
  }, 240_000);

  it('exits 1 with the finding when a row has no Responsible party', () => {
    const lines = readFileSync(csv, 'utf8').split('\r\n');
    const header = lines[0]!.split(',');
    const at = lines.findIndex((l) => l.startsWith('activity,'));
    const cells = lines[at]!.split(',');
    cells[header.indexOf('responsible')] = '';
    lines[at] = cells.join(',');
    const gap = path.join(dir, 'gap.csv');
    writeFileSync(gap, lines.join('\r\n'));
    const check = tandem(['check', gap]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('Nobody is Responsible');
    const json = tandem(['check', gap, '--json']);
    const findings = findingSchema.array().parse(JSON.parse(json.stdout));
    expect(findings.some((f) => f.rule === 'no_responsible' && f.severity === 'error')).toBe(true);
  });

  it('exits 2 naming the line and column of each bad row, and for a missing file', () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'kind,id,name,side,party_kind\nparty,lead,Leadership,landlord,leadership\nparty,Bad Id,X,msp,team\n',
    );
    const check = tandem(['check', bad]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('- line 2, column side:');
    expect(check.stderr).toContain('- line 3, column id: must be a short id');
    expect(tandem(['check', path.join(dir, 'missing.csv')]).code).toBe(2);
  });
});
