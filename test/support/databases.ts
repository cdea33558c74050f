/**
 * Runs a suite against both database engines: an in-memory PGlite and a fresh database on the
 * PostgreSQL server that global-setup started. Each suite gets its own database, so test files
 * run in parallel without truncating anything.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openDatabase, type Database } from '../../src/core/db/database.ts';
import { openMigratedMemoryDatabase } from './pglite-snapshot.ts';
import { migratedTemplate, practiceTemplate } from './postgres-server.ts';

export type Engine = 'pglite' | 'postgres';
export const engines: Engine[] = ['pglite', 'postgres'];

/**
 * Creates a database on the harness's PostgreSQL server and returns its URLs (TCP, Unix socket):
 * empty, or a copy of one of global-setup's templates, migrated or with a practice set up (a file
 * copy, far cheaper than migrating).
 */
export async function createPostgresDatabase(
  from: 'empty' | 'migrated' | 'practice' = 'empty',
): Promise<{ url: string; socketUrl: string; drop(): Promise<void> }> {
  const serverUrl = inject('postgresUrl');
  if (!serverUrl) throw new Error(inject('postgresMissing') ?? 'PostgreSQL is not available');
  const name = `tandem_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const template = { empty: '', migrated: ` template ${migratedTemplate}`, practice: ` template ${practiceTemplate}` }[
    from
  ];
  await admin.query(`create database ${name}${template}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    socketUrl: inject('postgresSocketUrl')!.replace('/postgres?', `/${name}?`),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Opens and migrates a fresh database of the given engine. */
export async function openTestDatabase(
  engine: Engine,
): Promise<{ database: Database; url?: string; dispose(): Promise<void> }> {
  if (engine === 'pglite') {
    const database = await openMigratedMemoryDatabase();
    return { database, dispose: () => database.close() };
  }
  const created = await createPostgresDatabase('migrated');
  const database = await openDatabase({ kind: 'postgres', url: created.url, poolMax: 5 });
  // A no-op on the template's copy; it also proves the copy is as migrated as the code expects.
  await database.migrate();
  return {
    database,
    url: created.url,
    dispose: async () => {
      await database.close();
      await created.drop();
    },
  };
}

/**
 * describe() once per engine, with a migrated database ready before the first test. Outside CI
 * a missing PostgreSQL skips that half (global-setup printed why); in CI global-setup fails first.
 */
export function describeEachEngine(
  name: string,
  body: (db: () => Database, engine: Engine, postgresUrl: () => string | undefined) => void,
): void {
  for (const engine of engines) {
    const unavailable = engine === 'postgres' && !inject('postgresUrl');
    describe.skipIf(unavailable)(`${name} [${engine}]`, () => {
      let current: { database: Database; url?: string; dispose(): Promise<void> } | undefined;
      beforeAll(async () => {
        current = await openTestDatabase(engine);
      });
      afterAll(async () => {
        await current?.dispose();
      });
      body(
        () => {
          if (!current) throw new Error('database not ready');
          return current.database;
        },
        engine,
        () => current?.url,
      );
    });
  }
}
