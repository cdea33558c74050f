import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import {
  checkpointLines,
  listCheckpoints,
  parseCheckpointLines,
  writeCheckpoint,
  type Checkpoint,
} from '../../core/audit/checkpoints.ts';
import { loadAuditKeys, useAuditKeys, type AuditKeys } from '../../core/audit/key.ts';
import { verifyAuditLog, type AuditVerification } from '../../core/audit/verify.ts';
import { loadConfig, type Config } from '../../core/config.ts';
import { openDatabase, type Database } from '../../core/db/database.ts';
import { AppError } from '../../core/errors.ts';
import { action, type Output } from '../io.ts';

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
  // A progress line only for a person watching: a million entries take a few seconds.
  const onProgress =
    err.isTTY && !options.json
      ? (checked: number, total: number) => err.write(`\rverifying: ${checked} of ${total}`)
      : undefined;
  const result = await verifyAuditLog(database, {
    ...(onProgress ? { onProgress } : {}),
    ...(options.keys ? { keys: options.keys } : {}),
    ...(options.exported ? { exported: options.exported } : {}),
  });
  if (onProgress) err.write('\r\x1b[K');
  if (options.json) out.write(`${JSON.stringify(result, null, 2)}\n`);
  else report(result, out, err);
  return result.ok ? 0 : 1;
}

/** Opens the configured database and refuses to work on one that is not migrated (also for `tandem keys`). */
export async function openMigrated(config: Config): Promise<Database> {
  // Loaded lazily: these commands and their tests need the one shared target rule, not the HTTP server.
  const { databaseTarget } = await import('../../server/serve.ts');
  const database = await openDatabase(databaseTarget(config));
  const status = await database.migrationStatus();
  if (status.pending.length > 0) {
    await database.close();
    throw new AppError('unavailable', 'The database is not migrated: run `tandem migrate` first');
  }
  return database;
}

/** Opens the database and loads the audit key (generated on first use in embedded mode, as serve does). */
async function openWithAuditKeys(): Promise<{ database: Database; keys: AuditKeys }> {
  const config = loadConfig();
  const database = await openMigrated(config);
  try {
    const keys = loadAuditKeys(config, database.mode, (line) => process.stderr.write(`${line}\n`));
    useAuditKeys(keys);
    return { database, keys };
  } catch (err) {
    await database.close();
    throw err;
  }
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
        const exported = opts.checkpoints ? readExported(opts.checkpoints) : undefined;
        const { database, keys } = await openWithAuditKeys();
        try {
          process.exitCode = await runAuditVerify(
            database,
            { ...(opts.json ? { json: true } : {}), keys, ...(exported ? { exported } : {}) },
            process.stdout,
            process.stderr,
          );
        } finally {
          await database.close();
        }
      }),
    );
  audit
    .command('checkpoint')
    .description('Sign the chain head as a checkpoint now (the server also does so periodically and on shutdown)')
    .option('--json', 'print the outcome as JSON')
    .action(
      action(async (opts: { json?: boolean }) => {
        const { database, keys } = await openWithAuditKeys();
        try {
          process.exitCode = await runAuditCheckpoint(database, keys, opts, process.stdout);
        } finally {
          await database.close();
        }
      }),
    );
  const checkpoints = audit.command('checkpoints').description('The signed checkpoints of the audit chain');
  checkpoints
    .command('export')
    .description('Write every checkpoint as JSON lines (stdout, or --out FILE) to keep outside the database')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(
      action(async (opts: { out?: string }) => {
        const database = await openMigrated(loadConfig());
        try {
          const lines = checkpointLines(await listCheckpoints(database));
          if (opts.out) writeFileSync(opts.out, lines, { mode: 0o600 });
          else process.stdout.write(lines);
        } finally {
          await database.close();
        }
      }),
    );
  for (const sub of checkpoints.commands) sub.exitOverride().showHelpAfterError('(run with --help for usage)');
  // Nested commands need their own override for usage errors to reach main.ts as exit code 2.
  for (const sub of audit.commands) sub.exitOverride().showHelpAfterError('(run with --help for usage)');
  return audit;
}
