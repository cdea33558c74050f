/**
 * `tandem assess PROFILE`: runs the sourcing advisor on a profile file and prints the result, as
 * a table or as JSON, optionally writing the printable HTML report. Bad input exits 2 listing
 * every problem with its path, and no report file is written.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { AppError, validationError } from '../../core/errors.ts';
import type { Assessment } from '../../advisor/engine/assessment-schema.ts';
import { assess, DEFAULT_ITERATIONS, DEFAULT_SEED } from '../../advisor/engine/assess.ts';
import { OPTIONS } from '../../advisor/engine/model/function-catalog.ts';
import { capitalize, money, OPTION_LABELS, percent } from '../../advisor/engine/format.ts';
import { MAX_PROFILE_BYTES, parseProfileText } from '../../advisor/engine/profile/profile-text.ts';
import { renderReportHtml } from '../../advisor/engine/report/report-html.ts';
import { action, reportWritten, type Output } from '../io.ts';
import { startProgress } from '../progress.ts';

export interface AssessCliOptions {
  json?: boolean;
  out?: string;
  seed: number;
  iterations: number;
  /** The assessment date when the profile has none; today in real use. */
  today: string;
}

const MAX_ITERATIONS = 5_000_000;

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
}

async function readProfileFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => {
    throw new AppError('bad_request', `Cannot read the profile: ${path} does not exist`);
  });
  if (!info.isFile()) throw new AppError('bad_request', `Cannot read the profile: ${path} is not a file`);
  // Refuse before reading: a huge file is a mistake, and reading it whole would cost the memory.
  if (info.size > MAX_PROFILE_BYTES)
    throw validationError(
      [{ path: [], message: `the file is ${info.size} bytes; the limit is ${MAX_PROFILE_BYTES} (1 MiB)` }],
      'The practice profile is too large',
    );
  return readFile(path, 'utf8');
}

/** Writes next to the target and renames, so a failed run never leaves a partial file. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw new AppError('bad_request', `Cannot write the report to ${path}: ${(err as Error).message}`);
  }
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

export function summaryText(a: Assessment): string {
  const lines = [
    `Recommendation: ${a.overall.label}`,
    ...a.overall.rationale.map((r) => `  ${r}`),
    '',
    'Conditions for insourcing:',
  ];
  for (const c of a.overall.conditions) lines.push(`  [${c.met ? 'x' : ' '}] ${c.label}: ${c.detail}`);
  lines.push(
    '',
    `${pad('Function', 38)} ${pad('Today', 14)} ${pad('Recommended', 14)} ${OPTIONS.map((o) => pad(capitalize(OPTION_LABELS[o]), 20, true)).join('')}`,
  );
  for (const f of a.functions) {
    const cells = OPTIONS.map((o) => {
      const r = f.options.find((x) => x.option === o)!;
      return pad(
        r.infeasibleReason ? 'ruled out' : `${money(r.riskAdjusted)} ${percent(r.simulated.probabilityCheapest)}`,
        20,
        true,
      );
    }).join('');
    lines.push(
      `${pad(f.name, 38)} ${pad(OPTION_LABELS[f.current], 14)} ${pad(OPTION_LABELS[f.recommended], 14)} ${cells}`,
    );
  }
  lines.push('  (expected yearly cost including risk; % = share of simulated years in which the option is cheapest)');
  const warnings = a.functions.flatMap((f) => f.warnings.map((w) => `  ${f.name}: ${w.text}`));
  if (warnings.length) lines.push('', 'Warnings:', ...warnings);
  if (a.questions.length)
    lines.push('', 'Questions the profile leaves open:', ...a.questions.map((q) => `  - ${q.question}`));
  return `${lines.join('\n')}\n`;
}

export async function runAssess(path: string, options: AssessCliOptions, out: Output, err: Output): Promise<void> {
  const profile = parseProfileText(await readProfileFile(path));
  const bar = startProgress(err, { label: 'simulating', hidden: options.json });
  let assessment: Assessment;
  try {
    assessment = assess(profile, {
      seed: options.seed,
      iterations: options.iterations,
      asOf: profile.asOf ?? options.today,
      onProgress: (fraction) => bar.update(fraction, 1),
    });
  } finally {
    bar.finish();
  }
  if (options.out) await writeAtomically(options.out, renderReportHtml(assessment));
  out.write(options.json ? `${JSON.stringify(assessment, null, 2)}\n` : summaryText(assessment));
  if (options.out) await reportWritten(options.out, err);
}

export function assessCommand(): Command {
  return new Command('assess')
    .description(
      'Compare in-house, co-managed and fully managed IT for each function of a practice profile (YAML or JSON)',
    )
    .argument('<profile>', 'the practice profile file (see examples/)')
    .option('--json', 'print the whole assessment as JSON')
    .option('--out <file>', 'also write the printable HTML report to this file')
    .option('--seed <n>', 'random seed (same seed, same result)', integer('--seed', 0, 4_294_967_295), DEFAULT_SEED)
    .option('--iterations <n>', 'simulated years', integer('--iterations', 1000, MAX_ITERATIONS), DEFAULT_ITERATIONS)
    .action(
      action(async (path: string, opts: Omit<AssessCliOptions, 'today'>) => {
        await runAssess(
          path,
          { ...opts, today: new Date().toISOString().slice(0, 10) },
          process.stdout,
          process.stderr,
        );
      }),
    );
}
