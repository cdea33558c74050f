/**
 * The dialect seam: one PostgreSQL dialect, two engines. Embedded PGlite (a persistent folder, or
 * memory for tests) by default, or a PostgreSQL server through a node-postgres pool when
 * DATABASE_URL is set. Everything above this file sees the same Drizzle database and the same
 * migrations, so the two modes cannot drift apart.
 */
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Config } from '../config.ts';
import { acquireDataDirLock, restrictDataDirFiles, type DataDirLock } from './data-dir.ts';
import { applyMigrations, readMigrationStatus, type Migration, type MigrationStatus } from './migrate.ts';
import { queryWithSettings } from './pg-settings-query.ts';
import { PgTransaction } from './pg-transaction.ts';
import {
  registerSettingsRunner,
  routedDatabase,
  settingsStatement,
  type LocalSettings,
  type SettingsRunner,
} from './settings-transaction.ts';

export type Db = PgDatabase<PgQueryResultHKT>;
export type DatabaseMode = 'embedded' | 'postgres';

export interface Database {
  readonly db: Db;
  readonly mode: DatabaseMode;
  /**
   * Raw parameterised SQL for the few places the query builder does not fit (health, harness, hot
   * paths). A `name` makes it a prepared statement on PostgreSQL: parsed and planned once per
   * pooled connection, not at every call (PGlite, in process, ignores it).
   */
  query<T extends Record<string, unknown>>(text: string, params?: unknown[], name?: string): Promise<T[]>;
  /**
   * node-postgres's query contract for libraries that bring their own SQL (pg-boss's `db`
   * option): parameters when given, else text that may hold several statements.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** Applies pending migrations (the shipped ones unless a list is given) in one transaction. */
  migrate(migrations?: Migration[]): Promise<MigrationStatus>;
  migrationStatus(migrations?: Migration[]): Promise<MigrationStatus>;
  /** The embedded folder's lock while this process owns it (src/core/db/data-dir.ts). */
  readonly lock?: DataDirLock;
  /**
   * Calls `onNotify` with the payload of every NOTIFY on `channel`. On PostgreSQL, from any
   * process, over a connection of its own (outside the pool, so it never holds a pooled one);
   * `onLost` is called once if that connection fails, after which notices may have been missed;
   * call `listen` again to resume. On the embedded engine, the notices of this process's own
   * commits (PGlite delivers them in process; the connection cannot be lost). Resolves once
   * LISTEN is in place.
   */
  listen?(channel: string, onNotify: (payload: string) => void, onLost: () => void): Promise<void>;
  close(): Promise<void>;
}

export interface EmbeddedTarget {
  kind: 'embedded';
  dataDir: string;
  /** What this process runs, shown to another process that finds the folder taken. */
  owner?: string;
  /** Hears that a stale lock was taken over or the folder's mode tightened. */
  log?: (line: string) => void;
}

export interface MemoryTarget {
  kind: 'memory';
  /**
   * A data folder saved by PGlite's dumpDataDir to start from instead of an empty cluster: it
   * skips initdb, which costs seconds of CPU (the tests start from one migrated snapshot).
   */
  loadDataDir?: Blob;
}

export type DatabaseTarget = EmbeddedTarget | MemoryTarget | { kind: 'postgres'; url: string; poolMax?: number };

/** The configured database: PostgreSQL when DATABASE_URL is set, else the embedded folder. */
export function databaseTarget(config: Config, owner = 'tandem serve', log?: (line: string) => void): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl, poolMax: config.dbPoolMax }
    : { kind: 'embedded', dataDir: config.dataDir, owner, log };
}

/**
 * The embedded database's shared buffers: PostgreSQL's page cache inside PGlite's WebAssembly
 * memory, 128 MB by PGlite's default. At 64 MB the monitoring bench spends the same CPU per check
 * and its process holds some 100 MB less (docs/benchmarks.md, "Embedded shared buffers"); pages
 * beyond it are read from the operating system's file cache. At 32 MB checks cost 10-25% more.
 */
const embeddedStartParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=64MB`];

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') return openPostgres(target.url, target.poolMax ?? 10);
  if (target.kind === 'memory')
    return openPglite(await PGlite.create({ loadDataDir: target.loadDataDir, startParams: embeddedStartParams }));
  // One process owns a folder at a time: a second PGlite on it would overwrite the first's work.
  const lock = acquireDataDirLock(target.dataDir, target.owner ?? 'tandem', target.log ?? (() => undefined));
  try {
    const client = await PGlite.create(target.dataDir, { startParams: embeddedStartParams });
    restrictDataDirFiles(target.dataDir);
    return openPglite(client, { lock, dataDir: target.dataDir });
  } catch (err) {
    lock.release();
    throw err;
  }
}

/** Wraps an open PGlite; exported for the test harness, which saves a migrated one to start from. */
export function openPglite(client: PGlite, folder?: { lock: DataDirLock; dataDir: string }): Database {
  const db = drizzlePglite(client) as unknown as Db;
  registerSettingsRunner(db, pgliteSettingsRunner(client));
  let closed = false;
  const query = async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await client.query<T>(text, params)).rows;
  return {
    db,
    mode: 'embedded',
    query,
    executeSql: (text, values) => pgliteExecuteSql(client, text, values),
    // PGlite is a single connection, so there is no concurrent migrator to lock out.
    migrate: (migrations) =>
      applyMigrations(
        {
          query,
          runInTransaction: (fn) =>
            client.transaction((tx) => fn((t, p) => tx.query(t, p).then((r) => r.rows as never))),
        },
        migrations,
      ),
    migrationStatus: (migrations) => readMigrationStatus(query, migrations),
    listen: async (channel, onNotify) => {
      await client.listen(channel, onNotify);
    },
    lock: folder?.lock,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await client.close();
        // Files PGlite created since the folder was opened are 0666 again.
        if (folder) restrictDataDirFiles(folder.dataDir);
      } finally {
        folder?.lock.release();
      }
    },
  };
}

async function openPostgres(url: string, poolMax: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool) as unknown as Db;
  registerSettingsRunner(db, postgresSettingsRunner(pool));
  let closed = false;
  const listeners = new Set<pg.Client>();
  const query = async <T extends Record<string, unknown>>(text: string, params: unknown[] = [], name?: string) =>
    (await pool.query<T>(name ? { name, text, values: params } : { text, values: params })).rows;
  return {
    db,
    mode: 'postgres',
    query,
    executeSql: (text, values) => pool.query(text, values),
    migrate: async (migrations) => {
      const client = await pool.connect();
      try {
        // Several `tandem serve` processes may start at once on one server: only one migrates.
        await client.query('select pg_advisory_lock(7263540001)');
        try {
          return await applyMigrations(
            {
              query,
              runInTransaction: async (fn) => {
                await client.query('begin');
                try {
                  const result = await fn(async (t, p) => (await client.query(t, p)).rows as never);
                  await client.query('commit');
                  return result;
                } catch (err) {
                  await client.query('rollback');
                  throw err;
                }
              },
            },
            migrations,
          );
        } finally {
          await client.query('select pg_advisory_unlock(7263540001)');
        }
      } finally {
        client.release();
      }
    },
    migrationStatus: (migrations) => readMigrationStatus(query, migrations),
    listen: async (channel, onNotify, onLost) => {
      const client = await listeningClient(url, channel, onNotify, () => {
        listeners.delete(client);
        if (!closed) onLost();
      });
      if (closed) await client.end();
      else listeners.add(client);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([pool.end(), ...[...listeners].map((client) => client.end())]);
    },
  };
}

/** A connection that LISTENs on `channel`; `onLost` runs once when it errors or ends. */
async function listeningClient(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  onLost: () => void,
): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  let lost = false;
  const lose = () => {
    if (lost) return;
    lost = true;
    client.end().catch(() => undefined);
    onLost();
  };
  client.on('error', lose);
  client.on('end', lose);
  client.on('notification', (message) => {
    if (message.channel === channel) onNotify(message.payload ?? '');
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
  } catch (err) {
    lost = true; // a client that never listened has nothing to report lost
    await client.end().catch(() => undefined);
    throw err;
  }
  return client;
}

/**
 * PGlite's query() takes one statement; exec() takes several but no parameters. A script with its
 * own BEGIN that fails half-way would leave PGlite's one session in an aborted transaction, so it
 * is rolled back (a harmless warning when nothing is open).
 */
async function pgliteExecuteSql(client: PGlite, text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
  if (values && values.length > 0) return client.query(text, values);
  try {
    const results = await client.exec(text);
    return results[results.length - 1] ?? { rows: [] };
  } catch (err) {
    await client.exec('rollback').catch(() => undefined);
    throw err;
  }
}

/**
 * PGlite runs BEGIN itself; the settings follow as one simple-protocol exec, cheaper than a query
 * with parameters. PGlite is in-process, so reads gain nothing from skipping the transaction.
 */
function pgliteSettingsRunner(client: PGlite): SettingsRunner {
  const routed = routedDatabase<Transaction>((c) => drizzlePglite({ client: c as unknown as PGlite }) as unknown as Db);
  const transaction = <T>(settings: LocalSettings, fn: (tx: Db) => Promise<T>) =>
    client.transaction(async (tx) => {
      if (Object.keys(settings).length > 0) await tx.exec(settingsStatement(settings));
      return routed.run(tx, fn);
    });
  return { transaction, reads: transaction };
}

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * Transactions send BEGIN and the settings with their first query, and COMMIT with their last
 * held statement (pg-transaction.ts); reads send the settings with each query
 * (pg-settings-query.ts). A connection whose rollback fails is discarded, not reused.
 */
function postgresSettingsRunner(pool: pg.Pool): SettingsRunner {
  const routed = routedDatabase<Queryable>((c) => drizzlePg({ client: c as pg.PoolClient }) as unknown as Db);
  return {
    async transaction(settings, fn) {
      const client = await pool.connect();
      const transaction = new PgTransaction(client, settings);
      let broken: Error | undefined;
      try {
        const result = await routed.run(transaction as unknown as Queryable, fn);
        await transaction.commit();
        return result;
      } catch (err) {
        // Whatever failed (begin, the work or commit), the transaction ends before the connection goes back.
        if (transaction.started)
          await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
        throw err;
      } finally {
        client.release(broken);
      }
    },
    reads(settings, fn) {
      const reader = {
        query: async (config: string | pg.QueryConfig, values?: unknown[]) => {
          const client = await pool.connect();
          let broken: Error | undefined;
          try {
            return await queryWithSettings(client, settings, config, values);
          } catch (err) {
            // The server's own errors leave the connection ready; anything else (a dropped socket) may not.
            if (!(err instanceof pg.DatabaseError)) broken = err instanceof Error ? err : new Error(String(err));
            throw err;
          } finally {
            client.release(broken);
          }
        },
      } as unknown as Queryable;
      return routed.run(reader, fn);
    },
  };
}
