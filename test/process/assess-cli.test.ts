/** `tandem assess` as a user runs it: a real process, real files, exit codes and stderr. */
/* eslint-disable no-control-regex -- the progress bar is drawn with control characters */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { byteSize } from '../../src/cli/io.ts';
import { assessmentSchema } from '../../src/advisor/engine/assessment-schema.ts';
import { repoRoot, tandemBin } from '../support/spawn-server.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-assess-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tandem(args: string[], cwd = repoRoot) {
  const result = spawnSync(process.execPath, [tandemBin, 'assess', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

const example = path.join(repoRoot, 'examples', 'dental-4-no-it.yaml');

// Each test starts several processes one after another (each 15 s or more when the machine's
// load is high), so a test gets ten minutes rather than vitest's 30 seconds.
describe('tandem assess', { timeout: 600_000 }, () => {
  it('prints the recommendation, writes the HTML report and gives the same JSON for the same seed', () => {
    const out = path.join(dir, 'report.html');
    const run = tandem([example, '--iterations', '2000', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`Wrote ${out} (${byteSize(statSync(out).size)})\n`);
    expect(run.stdout).toContain('Recommendation: fully managed');
    expect(run.stdout).toContain('Help desk (IT)');
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Riverside Family Dental');
    // Self-contained: no script and nothing fetched from elsewhere.
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(3);

    const a = tandem([example, '--iterations', '2000', '--seed', '7', '--json']);
    const b = tandem([example, '--iterations', '2000', '--seed', '7', '--json']);
    expect(a.code).toBe(0);
    const parsed = assessmentSchema.parse(JSON.parse(a.stdout));
    expect(parsed).toMatchObject({ seed: 7, iterations: 2000, overall: { model: 'fully_managed' } });
    expect(a.stdout).toBe(b.stdout);
    const c = tandem([example, '--iterations', '2000', '--seed', '8', '--json']);
    expect(c.stdout).not.toBe(a.stdout);
  });

  it('draws no progress bar when stderr is piped, and keeps stdout pure JSON with --json --out', () => {
    // Long enough to pass the bar's one-second delay on this machine (about 0.25 s per 100k years).
    const out = path.join(dir, 'piped.html');
    const run = tandem([example, '--iterations', '500000', '--json', '--out', 'piped.html'], dir);
    expect(run.code).toBe(0);
    // The path said is absolute although a relative one was given, and nothing else reaches stderr.
    expect(run.stderr).toBe(`Wrote ${out} (${byteSize(statSync(out).size)})\n`);
    expect(assessmentSchema.parse(JSON.parse(run.stdout))).toMatchObject({ iterations: 500_000 });
  });

  // `script` runs the command under a pseudo-terminal, as a person at a terminal would.
  it.skipIf(!existsSync('/usr/bin/script'))('draws the bar on a terminal and clears it before the result', () => {
    const command = [process.execPath, tandemBin, 'assess', example, '--iterations', '2000000'];
    const run = spawnSync('/usr/bin/script', ['-qfec', command.map((a) => `'${a}'`).join(' '), '/dev/null'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(run.status).toBe(0);
    const frames = [...run.stdout.matchAll(/\rsimulating \[([#.]+)\] (\d+)% \(\d+s elapsed, \d+s left\)\x1b\[K/g)];
    expect(frames.length).toBeGreaterThan(0);
    // A size-less pseudo-terminal counts as 80 columns: the full 30 cells.
    for (const [, cells] of frames) expect(cells).toHaveLength(30);
    const percents = frames.map(([, , p]) => Number(p));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const last = frames.at(-1)!;
    expect(run.stdout.slice(last.index + last[0].length)).toMatch(/^\r\x1b\[KRecommendation: /);
  });

  it('lists every problem of a bad profile with its path, exits 2 and writes no report', () => {
    const bad = file(
      'bad.yaml',
      [
        'practice:',
        '  providers: 0',
        '  users: "lots"',
        '  locations: 1',
        '  specialty: vet',
        '  colour: blue',
        'current:',
        '  model: fully_managed',
        'staff: []',
      ].join('\n'),
    );
    const out = path.join(dir, 'never.html');
    const run = tandem([bad, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    for (const p of ['practice.providers', 'practice.users', 'practice.specialty', 'practice.colour'])
      expect(run.stderr).toContain(`- ${p}:`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects impossible numbers: more IT staff than users', () => {
    const profile = [
      'practice: { providers: 2, users: 2, locations: 1, specialty: dental }',
      'current: { model: in_house }',
      'staff:',
      '  - { role: help_desk, skills: [help_desk_it] }',
      '  - { role: help_desk, skills: [help_desk_it] }',
      '  - { role: sysadmin, skills: [servers_network] }',
    ].join('\n');
    const run = tandem([file('staff.yaml', profile)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('- staff: more IT staff (3 FTE) than users (2)');
  });

  it('rejects empty, malformed, huge and missing files with exit 2 or 1 and one clear message', () => {
    const empty = tandem([file('empty.yaml', '  \n')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('the profile is empty');

    const broken = tandem([file('broken.json', '{"practice": {"providers": 3,}')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/line 1, column \d+/);

    const huge = tandem([file('huge.yaml', `name: ${'x'.repeat(1024 * 1024 + 10)}\n`)]);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain('the limit is 1048576 (1 MiB)');

    const missing = tandem([path.join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });

  it('exits 2 on bad options', () => {
    expect(tandem([example, '--iterations', '10']).stderr).toContain('--iterations must be a whole number from 1000');
    expect(tandem([example, '--seed', '-1']).code).toBe(2);
    expect(tandem([]).code).toBe(2);
  });

  it('accepts unicode names and JSON profiles', () => {
    const json = JSON.stringify({
      name: 'Zahnarztpraxis Müller 🦷',
      practice: { providers: 3, users: 10, locations: 1, specialty: 'dental' },
      current: { model: 'fully_managed' },
    });
    const run = tandem([file('müller.json', json), '--iterations', '1000', '--json']);
    expect(run.code).toBe(0);
    expect(assessmentSchema.parse(JSON.parse(run.stdout)).name).toBe('Zahnarztpraxis Müller 🦷');
  });
});
