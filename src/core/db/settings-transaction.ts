/**
 * Transactions that start with transaction-local settings (SET LOCAL through set_config(..., true)),
 * the way row-level security learns which practice a request works for. Every authenticated
 * request runs one, so each engine gets a fast path (database.ts registers it):
 * - on a PostgreSQL server, BEGIN and the settings travel with the transaction's first query and
 *   COMMIT with its last held statement (sendWithCommit; pg-transaction.ts), so the transaction
 *   itself costs no round trip; on PGlite the settings follow BEGIN as one simple-protocol exec;
 * - the Drizzle database handed to the callback is one long-lived instance whose queries are
 *   routed, through AsyncLocalStorage, to the connection of the transaction they run in. Prepared
 *   statements built on it (core/db/prepared.ts) are therefore built once, not once per transaction.
 * A query through that database outside its transaction (a leaked reference) fails instead of
 * running elsewhere, and nested transactions are refused rather than silently committing early.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** database.ts's Db, spelled out here because database.ts imports this file. */
type Db = PgDatabase<PgQueryResultHKT>;

export type LocalSettings = Readonly<Record<string, string>>;

/** An engine's fast paths (database.ts); see withLocalSettings and withLocalSettingsReads. */
export interface SettingsRunner {
  transaction<T>(settings: LocalSettings, fn: (tx: Db) => Promise<T>): Promise<T>;
  reads<T>(settings: LocalSettings, fn: (tx: Db) => Promise<T>): Promise<T>;
}

const runners = new WeakMap<Db, SettingsRunner>();

export function registerSettingsRunner(db: Db, runner: SettingsRunner): void {
  runners.set(db, runner);
}

/** Setting names are identifiers chosen in code; values may come from requests, so they are checked and quoted. */
const settingName = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

function literal(value: string): string {
  // With standard_conforming_strings (on by default since PostgreSQL 9.1, and checked nowhere
  // else in Tandem) a doubled quote is the only escape a string literal needs; NUL cannot be sent.
  if (value.includes('\0')) throw new Error('a setting value cannot contain NUL');
  return `'${value.replaceAll("'", "''")}'`;
}

/** `select set_config('k', 'v', true), ...`: one statement, so PGlite runs it in one exec after BEGIN. */
export function settingsStatement(settings: LocalSettings): string {
  const calls = Object.entries(settings).map(([name, value]) => {
    if (!settingName.test(name)) throw new Error(`not a setting name: ${name}`);
    return `set_config(${literal(name)}, ${literal(value)}, true)`;
  });
  return `select ${calls.join(', ')}`;
}

/** fn in a transaction that first applies `settings` locally; they vanish at commit or rollback. */
export function withLocalSettings<T>(db: Db, settings: LocalSettings, fn: (tx: Db) => Promise<T>): Promise<T> {
  const runner = runners.get(db);
  return runner ? runner.transaction(settings, fn) : generalTransaction(db, settings, fn);
}

/**
 * For reads that need no snapshot shared between their statements (most single-record GETs):
 * each query fn makes may run in a read-only transaction of its own with `settings` applied,
 * which on a PostgreSQL server saves the BEGIN and COMMIT round trips (pg-settings-query.ts).
 * Writes are refused (transaction_read_only), so a read path cannot quietly become a write.
 */
export function withLocalSettingsReads<T>(db: Db, settings: LocalSettings, fn: (tx: Db) => Promise<T>): Promise<T> {
  const readOnly = { ...settings, transaction_read_only: 'on' };
  const runner = runners.get(db);
  return runner ? runner.reads(readOnly, fn) : generalTransaction(db, readOnly, fn);
}

/** Any other Drizzle database (a transaction handed in, say): the general path, a savepoint if nested. */
function generalTransaction<T>(db: Db, settings: LocalSettings, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    if (Object.keys(settings).length > 0) await tx.execute(sql.raw(settingsStatement(settings)));
    return fn(tx as unknown as Db);
  });
}

/** For each routed database (routedDatabase), the connection of the transaction in progress. */
const routedConnections = new WeakMap<Db, () => unknown>();
const dialect = new PgDialect();

/** What sendWithCommit looks for on a transaction's connection (pg-transaction.ts's PgTransaction). */
export interface CommitQueue {
  holdForCommit(text: string, values: unknown[]): void;
}

const isCommitQueue = (connection: unknown): connection is CommitQueue =>
  typeof (connection as Partial<CommitQueue> | undefined)?.holdForCommit === 'function';

/**
 * Runs `statement` in tx's transaction, as late as possible: on a PostgreSQL server it is held
 * and sent with the COMMIT, in the same round trip (pg-transaction.ts); elsewhere it runs now.
 * So it must be the kind of statement that can run last: nothing in the transaction may depend on
 * its effects or its result, and it must raise an error, not return one, for the commit to be
 * skipped.
 */
export async function sendWithCommit(tx: Db, statement: SQL): Promise<void> {
  const connection = routedConnections.get(tx)?.();
  if (!isCommitQueue(connection)) {
    await tx.execute(statement);
    return;
  }
  const query = dialect.sqlToQuery(statement);
  connection.holdForCommit(query.sql, query.params);
}

/**
 * A Drizzle database whose queries go to the connection bound by `run`, and only while `run` is
 * in progress: a query from a callback that outlives its transaction must not reach a pooled
 * connection that another request's transaction now holds. The client object only needs `query`:
 * it is all the PGlite and node-postgres Drizzle sessions call on a client.
 */
export function routedDatabase<C extends { query: (...args: never[]) => unknown }>(
  build: (client: C) => Db,
): { db: Db; run: <T>(connection: C, fn: (db: Db) => Promise<T>) => Promise<T> } {
  const bound = new AsyncLocalStorage<{ connection: C; open: boolean }>();
  const client = {
    query: (...args: never[]) => {
      const binding = bound.getStore();
      if (!binding?.open) throw new Error('a transaction database was used outside its transaction');
      return binding.connection.query(...args);
    },
  } as unknown as C;
  const db = build(client);
  routedConnections.set(db, () => {
    const binding = bound.getStore();
    return binding?.open ? binding.connection : undefined;
  });
  Object.assign(db, {
    transaction: () => Promise.reject(new Error('nested transactions are not supported inside withLocalSettings')),
  });
  return {
    db,
    run: async (connection, fn) => {
      const binding = { connection, open: true };
      try {
        // Awaited inside the binding: fn may return an unstarted Drizzle query, which runs when awaited.
        return await bound.run(binding, async () => await fn(db));
      } finally {
        binding.open = false;
      }
    },
  };
}
