import { Command } from 'commander';
import { loadConfig } from '../../core/config.ts';
import { openDatabase } from '../../core/db/database.ts';
import type { MigrationStatus } from '../../core/db/migrate.ts';
import { databaseTarget } from '../../server/serve.ts';
import { action, printJson } from '../io.ts';

function describe(status: MigrationStatus): string {
  const level = status.level ?? 'none';
  if (status.unknown.length > 0)
    return `database is ahead of this version of Tandem (unknown migrations: ${status.unknown.join(', ')})`;
  if (status.pending.length > 0)
    return `level ${level}; ${status.pending.length} pending: ${status.pending.join(', ')}`;
  return `up to date at level ${level} (${status.applied} migrations)`;
}

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('Apply pending database migrations (or, with --status, only report them)')
    .option('--status', 'report the migration level without changing anything')
    .option('--json', 'print the result as JSON')
    .action(
      action(async (opts: { status?: boolean; json?: boolean }) => {
        const config = loadConfig();
        const database = await openDatabase(databaseTarget(config));
        try {
          const status = opts.status ? await database.migrationStatus() : await database.migrate();
          if (opts.json) printJson({ mode: database.mode, ...status });
          else
            process.stdout.write(
              `${database.mode === 'embedded' ? 'Embedded database' : 'PostgreSQL'}: ${describe(status)}\n`,
            );
          if (status.unknown.length > 0) process.exitCode = 1;
        } finally {
          await database.close();
        }
      }),
    );
}
