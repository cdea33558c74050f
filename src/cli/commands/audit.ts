import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import {
  checkpointLines,
  checkpointSchema,
  listCheckpoints,
  parseCheckpointLines,
  writeCheckpoint,
  type Checkpoint,
} from '../../core/audit/checkpoints.ts';
import { auditKeys, type AuditKeys } from '../../core/audit/key.ts';
import { verifyAuditLog, type AuditVerification } from '../../core/audit/verify.ts';
import { z } from 'zod';
import { loadConfig } from '../../core/config.ts';
import type { Database } from '../../core/db/database.ts';
import { AppError } from '../../core/errors.ts';
import { action, reportWritten, type Output } from '../io.ts';
import { startProgress } from '../progress.ts';
import { parseWith, runOperation, type Operation } from '../local-admin.ts';

function plural(n: number): string {
  return `${n} ${n === 1 ? 'entry' : 'entries'}`;
}

function checkpointSummary(result: AuditVerification): string {
  const c = result.checkpoints;
  if (!c) return '; no checkpoints yet';
  const file = c.file !== undefined ? ` and ${c.file} in the file` : '';
  return `; ${c.stored} stored checkpoint${c.stored === 1 ? '' : 's'}${file} match${c.latestSeq !== undefined ? ` (latest at seq ${c.latestSeq})` : ''}`;
}

function report(result: AuditVerification, out: Output, err: Output): void {
  if (result.ok) {
    out.write(
      `${plural(result.checked)} verified; chain head seq ${result.head.seq}, hash ${result.head.hash}${checkpointSummary(result)}\n`,
    );
    return;
  }
  const problem = result.problem;
  err.write(`tandem: audit log verification failed (${problem?.kind}) at seq ${problem?.seq}: ${problem?.message}\n`);
  for (const more of result.problems?.slice(1) ?? [])
    err.write(`tandem: also (${more.kind}) at seq ${more.seq}: ${more.message}\n`);
  err.write(`  ${plural(result.checked)} before it verified\n`);
}

/**
 * `tandem audit verify` on an open database: prints the outcome and returns the exit code,
 * 0 when the chain is intact and 1 naming the first bad entry otherwise.
 */
export async function runAuditVerify(
  database: Database,
  options: { json?: boolean; keys?: AuditKeys; exported?: { checkpoints: Checkpoint[]; source: string } },
  out: Output,
  err: Output,
): Promise<0 | 1> {
  // A bar only for a person watching: a million entries take a few seconds.
  const bar = startProgress(err, { label: 'verifying', hidden: options.json });
  let result: AuditVerification;
  try {
    result = await verifyAuditLog(database, {
      onProgress: (checked, total) => bar.update(checked, total),
      ...(options.keys ? { keys: options.keys } : {}),
      ...(options.exported ? { exported: options.exported } : {}),
    });
  } finally {
    bar.finish();
  }
  if (options.json) out.write(`${JSON.stringify(result, null, 2)}\n`);
  else report(result, out, err);
  return result.ok ? 0 : 1;
}

function readExported(file: string): { checkpoints: Checkpoint[]; source: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('bad_request', `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  try {
    return { checkpoints: parseCheckpointLines(text, file), source: file };
  } catch (err) {
    throw new AppError('bad_request', (err as Error).message);
  }
}

/** `tandem audit checkpoint`: signs the head now; 0 when written or unchanged, 1 when refused. */
export async function runAuditCheckpoint(
  database: Database,
  keys: AuditKeys,
  options: { json?: boolean },
  out: Output,
  now = new Date(),
): Promise<0> {
  const outcome = await writeCheckpoint(database, keys, now);
  if (options.json) out.write(`${JSON.stringify(outcome, null, 2)}\n`);
  else if (outcome.written)
    out.write(`checkpoint written at seq ${outcome.checkpoint.seq}, hash ${outcome.checkpoint.hash}\n`);
  else if (outcome.reason === 'empty') out.write('the audit log is empty: no checkpoint written\n');
  else
    out.write(
      `the head has not moved since the checkpoint at seq ${outcome.checkpoint?.seq ?? '?'}: nothing written\n`,
    );
  return 0;
}

const exportedSchema = z.object({ checkpoints: z.array(checkpointSchema), source: z.string() });

const auditVerify: Operation<{ json: boolean; exported?: z.infer<typeof exportedSchema> }> = {
  name: 'audit.verify',
  parse: parseWith(z.object({ json: z.boolean(), exported: exportedSchema.optional() })),
  run: (ctx, opts) => runAuditVerify(ctx.database, { ...opts, keys: auditKeys() }, ctx.out, ctx.err),
};

const auditCheckpoint: Operation<{ json: boolean }> = {
  name: 'audit.checkpoint',
  parse: parseWith(z.object({ json: z.boolean() })),
  run: (ctx, opts) => runAuditCheckpoint(ctx.database, auditKeys(), opts, ctx.out),
};

const auditCheckpointsExport: Operation<null> = {
  name: 'audit.checkpoints.export',
  parse: () => null,
  async run(ctx) {
    ctx.out.write(checkpointLines(await listCheckpoints(ctx.database)));
    return 0;
  },
};

export const auditOperations = [auditVerify, auditCheckpoint, auditCheckpointsExport];

function run<A>(command: string, op: Operation<A>, args: A, out: Output = process.stdout): Promise<number> {
  return runOperation(loadConfig(), `tandem audit ${command}`, op, args, out, process.stderr);
}

export function auditCommand(): Command {
  const audit = new Command('audit').description('Work with the tamper-evident audit log');
  audit
    .command('verify')
    .description(
      'Check the audit log (keyed hash chain and signed checkpoints); exit 1 naming what was modified, deleted, reordered or truncated',
    )
    .option('--json', 'print the result as JSON')
    .option('--checkpoints <file>', 'also check against checkpoints exported earlier (tandem audit checkpoints export)')
    .action(
      action(async (opts: { json?: boolean; checkpoints?: string }) => {
        // The file is read here, where it is: the server may not see the same paths.
        const exported = opts.checkpoints ? readExported(opts.checkpoints) : undefined;
        process.exitCode = await run('verify', auditVerify, {
          json: opts.json === true,
          ...(exported ? { exported } : {}),
        });
      }),
    );
  audit
    .command('checkpoint')
    .description('Sign the chain head as a checkpoint now (the server also does so periodically and on shutdown)')
    .option('--json', 'print the outcome as JSON')
    .action(
      action(async (opts: { json?: boolean }) => {
        process.exitCode = await run('checkpoint', auditCheckpoint, { json: opts.json === true });
      }),
    );
  const checkpoints = audit.command('checkpoints').description('The signed checkpoints of the audit chain');
  checkpoints
    .command('export')
    .description('Write every checkpoint as JSON lines (stdout, or --out FILE) to keep outside the database')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(
      action(async (opts: { out?: string }) => {
        let lines = '';
        const collect: Output = { write: (text: string) => (lines += text) };
        process.exitCode = await run(
          'checkpoints export',
          auditCheckpointsExport,
          null,
          opts.out ? collect : process.stdout,
        );
        if (!opts.out) return;
        writeFileSync(opts.out, lines, { mode: 0o600 });
        await reportWritten(opts.out, process.stderr);
      }),
    );
  for (const sub of checkpoints.commands) sub.exitOverride().showHelpAfterError('(run with --help for usage)');
  // Nested commands need their own override for usage errors to reach main.ts as exit code 2.
  for (const sub of audit.commands) sub.exitOverride().showHelpAfterError('(run with --help for usage)');
  return audit;
}
