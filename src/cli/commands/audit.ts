import { Command } from 'commander';
import { verifyAuditLog, type AuditVerification } from '../../core/audit/verify.ts';
import { z } from 'zod';
import { loadConfig } from '../../core/config.ts';
import type { Database } from '../../core/db/database.ts';
import { action, type Output } from '../io.ts';
import { parseWith, runOperation, type Operation } from '../local-admin.ts';

function plural(n: number): string {
  return `${n} ${n === 1 ? 'entry' : 'entries'}`;
}

function report(result: AuditVerification, out: Output, err: Output): void {
  if (result.ok) {
    out.write(`${plural(result.checked)} verified; chain head seq ${result.head.seq}, hash ${result.head.hash}\n`);
    return;
  }
  const problem = result.problem;
  err.write(`tandem: audit log verification failed (${problem?.kind}) at seq ${problem?.seq}: ${problem?.message}\n`);
  err.write(`  ${plural(result.checked)} before it verified\n`);
}

/**
 * `tandem audit verify` on an open database: prints the outcome and returns the exit code,
 * 0 when the chain is intact and 1 naming the first bad entry otherwise.
 */
export async function runAuditVerify(
  database: Database,
  options: { json?: boolean },
  out: Output,
  err: Output,
): Promise<0 | 1> {
  // A progress line only for a person watching: a million entries take a few seconds.
  const onProgress =
    err.isTTY && !options.json
      ? (checked: number, total: number) => err.write(`\rverifying: ${checked} of ${total}`)
      : undefined;
  const result = await verifyAuditLog(database, { onProgress });
  if (onProgress) err.write('\r\x1b[K');
  if (options.json) out.write(`${JSON.stringify(result, null, 2)}\n`);
  else report(result, out, err);
  return result.ok ? 0 : 1;
}

const auditVerify: Operation<{ json: boolean }> = {
  name: 'audit.verify',
  parse: parseWith(z.object({ json: z.boolean() })),
  run: (ctx, opts) => runAuditVerify(ctx.database, opts, ctx.out, ctx.err),
};

export const auditOperations = [auditVerify];

export function auditCommand(): Command {
  const audit = new Command('audit').description('Work with the tamper-evident audit log');
  audit
    .command('verify')
    .description('Check the audit log hash chain; exit 1 naming the first modified, deleted or reordered entry')
    .option('--json', 'print the result as JSON')
    .action(
      action(async (opts: { json?: boolean }) => {
        const args = { json: opts.json === true };
        process.exitCode = await runOperation(
          loadConfig(),
          'tandem audit verify',
          auditVerify,
          args,
          process.stdout,
          process.stderr,
        );
      }),
    );
  // Nested commands need their own override for usage errors to reach main.ts as exit code 2.
  for (const sub of audit.commands) sub.exitOverride().showHelpAfterError('(run with --help for usage)');
  return audit;
}
