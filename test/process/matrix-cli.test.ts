/** `tandem matrix` as a practice uses it: draft from a profile, check a spreadsheet, export. */
/* eslint-disable no-control-regex -- these tests look for control characters on purpose */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { byteSize } from '../../src/cli/io.ts';
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

// Each test runs several `tandem` processes, each a second or more of start-up on a loaded machine.
describe('tandem matrix', { timeout: 240_000 }, () => {
  const csv = path.join(dir, 'matrix.csv');

  it('drafts a matrix from a profile whose check names its uncovered key person, and exports it as Markdown', () => {
    const draft = tandem(['draft', path.join(repoRoot, 'examples', 'medical-15-infra-cto.yaml'), '--out', csv]);
    expect(draft.stderr).toBe(`Wrote ${csv} (${byteSize(statSync(csv).size)})\n`);
    expect(draft.code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toMatch(/^kind,id,name,/);
    // The IT coordinator nobody covers, as the profile says: a warning per activity, and an error
    // for the critical work resting on them alone (exit 1), which the practice must settle before signing.
    const check = tandem(['check', csv]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('Only Jordan Blake does "Triage and log tickets", and nobody covers for them');
    expect(check.stdout).toContain('Jordan Blake alone does 8 activities, 1 of them critical');
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
    expect(html.stdout).toBe('');
    const schedule = path.join(dir, 'schedule.html');
    expect(html.stderr).toBe(`Wrote ${schedule} (${byteSize(statSync(schedule).size)})\n`);
    const page = readFileSync(schedule, 'utf8');
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

  it('refuses a file that is not UTF-8, naming the byte offset and line (issue 15)', () => {
    const latin1 = path.join(dir, 'latin1.csv');
    const text = readFileSync(csv, 'utf8').replace('Practice leadership', 'Praxisleitung Z\u00fcrich');
    writeFileSync(latin1, Buffer.from(text, 'latin1'));
    const offset = Buffer.from(text.slice(0, text.indexOf('\u00fc')), 'latin1').length;
    const line = text.slice(0, text.indexOf('\u00fc')).split('\n').length;
    const check = tandem(['check', latin1]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain(`byte 0xFC at byte offset ${offset} (line ${line}) is not valid UTF-8`);
    expect(check.stdout).toBe('');
  });

  it('exits 2 naming a header column that appears twice (issue 15)', () => {
    const lines = readFileSync(csv, 'utf8').split('\r\n');
    const doubled = path.join(dir, 'doubled.csv');
    writeFileSync(doubled, lines.map((l, i) => (i === 0 ? `${l},responsible` : l ? `${l},` : l)).join('\r\n'));
    const check = tandem(['check', doubled]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('- line 1, column responsible: appears twice in the header');
  });

  it('prints names with terminal escapes escaped, and caps a huge echoed cell (issue 15)', () => {
    const hostile = path.join(dir, 'hostile.csv');
    const text = readFileSync(csv, 'utf8')
      .replace('Practice leadership', 'Lead\u001b[2J\u001b[1;1H\u009b31m')
      .replace(/\r\nactivity,([^,]+),[^,]+,/, (_, id: string) => `\r\nactivity,${id},Gap \u001b[1A,`);
    const lines = text.split('\r\n');
    const header = lines[0]!.split(',');
    const at = lines.findIndex((l) => l.startsWith('activity,'));
    const cells = lines[at]!.split(',');
    cells[header.indexOf('responsible')] = '';
    lines[at] = cells.join(',');
    writeFileSync(hostile, lines.join('\r\n'));
    const check = tandem(['check', hostile]);
    expect(check.code).toBe(1);
    expect(check.stdout).not.toMatch(/[\u001b\u009b]/);
    expect(check.stdout).toContain('Nobody is Responsible for "Gap \\x1b[1A"');
    const json = tandem(['check', hostile, '--json']);
    expect(json.stdout).not.toMatch(/[\u001b\u009b]/);
    expect(JSON.parse(json.stdout).some((f: { message: string }) => f.message.includes('Gap \u001b[1A'))).toBe(true);

    const huge = path.join(dir, 'huge.csv');
    writeFileSync(huge, `kind,id\n\u001b]0;pwned\u0007${'k'.repeat(5 * 1024 * 1024)},x\n`);
    const bad = tandem(['check', huge]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.length).toBeLessThan(1000);
    expect(bad.stderr).not.toMatch(/[\u0007\u001b]/);
    expect(bad.stderr).toContain('(5,242,890 characters)');
  });
});
