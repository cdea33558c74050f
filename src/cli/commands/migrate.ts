import { Command } from 'commander';
import { loadConfig } from '../../core/config.ts';
import type { MigrationStatus } from '../../core/db/migrate.ts';
import { installJobQueue } from '../../server/jobs.ts';
import { z } from 'zod';
import { action } from '../io.ts';
import { parseWith, runOperation, type Operation } from '../local-admin.ts';

function describe(status: MigrationStatus): string {
  const level = status.level ?? 'none';
  if (status.unknown.length > 0)
    return `database is ahead of this version of Tandem (unknown migrations: ${status.unknown.join(', ')})`;
  if (status.pending.length > 0)
    return `level ${level}; ${status.pending.length} pending: ${status.pending.join(', ')}`;
  return `up to date at level ${level} (${status.applied} migrations)`;
}

const migrate: Operation<{ status: boolean; json: boolean }> = {
  name: 'migrate',
  migrates: true,
  parse: parseWith(z.object({ status: z.boolean(), json: z.boolean() })),
  async run({ database, config, out }, opts) {
    const status = opts.status ? await database.migrationStatus() : await database.migrate();
    if (!opts.status && status.unknown.length === 0) await installJobQueue(database, config);
    out.write(
      opts.json
        ? `${JSON.stringify({ mode: database.mode, ...status }, null, 2)}\n`
        : `${database.mode === 'embedded' ? 'Embedded database' : 'PostgreSQL'}: ${describe(status)}\n`,
    );
    return status.unknown.length > 0 ? 1 : 0;
  },
};

export const migrateOperations = [migrate];

export function migrateCommand(): Command {
  return new Command('migrate')
    .description("Apply pending database migrations and install the job queue's tables (or, with --status, only report them)")
    .option('--status', 'report the migration level without changing anything')
    .option('--json', 'print the result as JSON')
    .action(
      action(async (opts: { status?: boolean; json?: boolean }) => {
        const args = { status: opts.status === true, json: opts.json === true };
        process.exitCode = await runOperation(
          loadConfig(),
          'tandem migrate',
          migrate,
          args,
          process.stdout,
          process.stderr,
        );
      }),
    );
}
