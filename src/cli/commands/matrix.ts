/**
 * `tandem matrix`: check a responsibility matrix kept in a spreadsheet without a server, convert
 * it, or draft one from a practice profile through the sourcing advisor. `check` exits 1 when any
 * finding is an error, 2 when the file itself is bad (every bad row listed by line and column).
 */
import { readFile, stat } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { escapeControls, escapeControlsKeepingLines, jsonForTerminal } from '../../core/display-text.ts';
import { AppError } from '../../core/errors.ts';
import { isTimeZone } from '../../core/tenancy/schema.ts';
import { decodeUtf8 } from '../../core/utf8.ts';
import { csvToMatrix, matrixToCsv } from '../../matrix/csv.ts';
import { draftMatrix } from '../../matrix/generate.ts';
import { matrixToMarkdown } from '../../matrix/markdown.ts';
import { matrixToHtml, type ScheduleContext } from '../../matrix/schedule-html.ts';
import { defaultBusinessHours, type Finding, type Matrix } from '../../matrix/schema.ts';
import { hasErrors, validateMatrix } from '../../matrix/validate.ts';
import { assess } from '../../advisor/engine/assess.ts';
import type { PracticeProfile } from '../../advisor/engine/profile/profile-schema.ts';
import { MAX_PROFILE_BYTES, parseProfileText } from '../../advisor/engine/profile/profile-text.ts';
import { action, reportWritten, type Output } from '../io.ts';
import { writeAtomically } from './assess.ts';

const MAX_MATRIX_BYTES = 10 * 1024 * 1024;
const formats = ['csv', 'markdown', 'html', 'json'] as const;
type Format = (typeof formats)[number];

async function readText(path: string, limit: number, what: string): Promise<string> {
  const info = await stat(path).catch(() => {
    throw new AppError('bad_request', `Cannot read the ${what}: ${path} does not exist`);
  });
  if (!info.isFile()) throw new AppError('bad_request', `Cannot read the ${what}: ${path} is not a file`);
  if (info.size > limit)
    throw new AppError('validation_failed', `The ${what} is ${info.size} bytes; the limit is ${limit}`);
  const decoded = decodeUtf8(await readFile(path));
  if (decoded.ok) return decoded.text;
  const hex = decoded.byte.toString(16).toUpperCase().padStart(2, '0');
  throw new AppError(
    'validation_failed',
    `The ${what} in ${path} is not UTF-8: byte 0x${hex} at byte offset ${decoded.offset} (line ${decoded.line}) is not valid UTF-8, so names would be read wrong; nothing was read. Save it as "CSV UTF-8" (or convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8) and try again`,
  );
}

export async function readMatrixCsv(path: string): Promise<Matrix> {
  const result = csvToMatrix(await readText(path, MAX_MATRIX_BYTES, 'matrix'));
  if (result.ok) return result.matrix;
  throw new AppError(
    'validation_failed',
    `The matrix in ${path} is not valid; nothing was read`,
    result.problems.map((p) => ({
      path: `line ${p.line}${p.column ? `, column ${p.column}` : ''}`,
      message: p.message,
    })),
  );
}

function render(m: Matrix, format: Format, findings: readonly Finding[], parties: ScheduleContext = {}): string {
  if (format === 'csv') return matrixToCsv(m);
  if (format === 'markdown') return matrixToMarkdown(m, findings);
  if (format === 'html') return matrixToHtml(m, findings, parties);
  return `${JSON.stringify(m, null, 2)}\n`;
}

/** Findings as lines for a terminal; names come from the file, so their control characters are escaped. */
export function findingsText(findings: readonly Finding[]): string {
  if (findings.length === 0)
    return 'No findings: every activity has one Accountable party, a Responsible party that can cover it, and a working escalation path.\n';
  const errors = findings.filter((f) => f.severity === 'error').length;
  const lines = findings.map(
    (f) =>
      `${f.severity.padEnd(7)} ${escapeControls(f.activity || 'matrix')}: ${escapeControls(f.message)}\n        fix: ${escapeControls(f.hint)}`,
  );
  return `${lines.join('\n')}\n\n${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'}\n`;
}

export async function runMatrixCheck(path: string, options: { json?: boolean }, out: Output): Promise<0 | 1> {
  const findings = validateMatrix(await readMatrixCsv(path));
  out.write(options.json ? `${jsonForTerminal(findings)}\n` : findingsText(findings));
  return hasErrors(findings) ? 1 : 0;
}

/** To a file as it is (saying where); to a terminal with control characters from names made visible (they would move the cursor). */
async function emit(text: string, outPath: string | undefined, out: Output, err: Output): Promise<void> {
  if (!outPath) {
    out.write(out.isTTY ? escapeControlsKeepingLines(text) : text);
    return;
  }
  await writeAtomically(outPath, text);
  await reportWritten(outPath, err);
}

/** The draft for a profile, with business hours in the zone given, else the profile's, else the default (said on stderr). */
export function draftFromProfile(profile: PracticeProfile, timeZone: string | undefined, notes: Output): Matrix {
  if (timeZone !== undefined && !isTimeZone(timeZone))
    throw new AppError(
      'validation_failed',
      `--time-zone: "${timeZone}" is not an IANA time zone such as America/Chicago`,
    );
  const zone = timeZone ?? profile.practice.timeZone;
  if (zone === undefined)
    notes.write(
      `tandem: note: business hours are drafted in ${defaultBusinessHours.timeZone}; give --time-zone or practice.timeZone in the profile for the practice's own zone\n`,
    );
  // Decisions come from the exact point model, so a small simulation is enough for a draft.
  const assessment = assess(profile, { iterations: 1000, asOf: profile.asOf ?? new Date().toISOString().slice(0, 10) });
  return draftMatrix(assessment, { timeZone: zone ?? defaultBusinessHours.timeZone, staff: profile.staff });
}

export function matrixCommand(): Command {
  const matrix = new Command('matrix').description('Work with a responsibility matrix (RACI) kept as a CSV file');
  const formatOption = () => new Option('--format <format>', 'output format').choices(formats).default('csv');
  matrix
    .command('check')
    .description('List gaps, overlaps, single points of failure and other findings; exit 1 if any is an error')
    .argument('<file>', 'the matrix as CSV (see `tandem matrix draft` for the layout)')
    .option('--json', 'print the findings as JSON')
    .action(
      action(async (file: string, opts: { json?: boolean }) => {
        process.exitCode = await runMatrixCheck(file, opts, process.stdout);
      }),
    );
  matrix
    .command('export')
    .description(
      'Convert a matrix CSV to a Markdown or printable HTML responsibility schedule with its findings, JSON or clean CSV',
    )
    .argument('<file>', 'the matrix as CSV')
    .addOption(formatOption())
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--practice <name>', 'the practice as the agreement names it (HTML schedule; else a blank to fill in)')
    .option('--msp <name>', 'the managed service provider as the agreement names it (HTML schedule)')
    .action(
      action(async (file: string, opts: { format: Format; out?: string; practice?: string; msp?: string }) => {
        const m = await readMatrixCsv(file);
        const parties = { practiceName: opts.practice ?? null, mspName: opts.msp ?? null };
        await emit(render(m, opts.format, validateMatrix(m), parties), opts.out, process.stdout, process.stderr);
      }),
    );
  matrix
    .command('draft')
    .description("Draft a matrix from a practice profile: each function's recommended option becomes assignments")
    .argument('<profile>', 'the practice profile (YAML or JSON, see examples/)')
    .addOption(formatOption())
    .option('--out <file>', 'write to this file instead of standard output')
    .option(
      '--time-zone <zone>',
      "the practice's IANA time zone for business hours (default: the profile's practice.timeZone)",
    )
    .action(
      action(async (file: string, opts: { format: Format; out?: string; timeZone?: string }) => {
        const profile = parseProfileText(await readText(file, MAX_PROFILE_BYTES, 'profile'));
        const m = draftFromProfile(profile, opts.timeZone, process.stderr);
        await emit(render(m, opts.format, validateMatrix(m)), opts.out, process.stdout, process.stderr);
      }),
    );
  for (const sub of matrix.commands) sub.exitOverride().showHelpAfterError('(run with --help for usage)');
  return matrix;
}
