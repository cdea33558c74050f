/**
 * A throwaway database for a bench that runs `tandem serve` against it: a data folder for the
 * embedded engine, or a PostgreSQL server started for the run with fresh keys, and how to open
 * it in-process to seed it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/core/db/database.ts';
import { startPostgres } from '../../test/support/postgres-server.ts';

export interface BenchEngine {
  /** The environment `tandem setup` and `tandem serve` need for this database. */
  env: Record<string, string>;
  open(): Promise<Database>;
  cleanup(): void;
}

export async function benchEngine(engine: string, name: string): Promise<BenchEngine> {
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `tandem-bench-${name}-`));
    return {
      env: { TANDEM_DATA_DIR: dataDir, DATABASE_URL: '' },
      open: () => openDatabase({ kind: 'embedded', dataDir }),
      cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const server = await startPostgres();
  if ('missing' in server) throw new Error(server.missing);
  const key = () => `b1:${randomBytes(32).toString('base64')}`;
  return {
    env: { DATABASE_URL: server.url, TANDEM_ENCRYPTION_KEY: key(), TANDEM_AUDIT_KEY: key() },
    open: () => openDatabase({ kind: 'postgres', url: server.url }),
    cleanup: () => server.stop(),
  };
}
