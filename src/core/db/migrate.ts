/**
 * Versioned migrations, the same files for PGlite and PostgreSQL. The files are written by
 * drizzle-kit (`npm run db:generate`, or `--custom` for hand-written SQL such as row-level
 * security policies and triggers): meta/_journal.json lists them in order, each `<tag>.sql`
 * holds statements separated by `--> statement-breakpoint`. All pending migrations apply in one
 * transaction, so a failed migration leaves the database as it was.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inPackage } from '../package-root.ts';

/** Read from the sources, also by the bundled CLI: the SQL files are not part of any bundle. */
export const migrationsDir = inPackage('src', 'core', 'db', 'migrations') + path.sep;

export interface Migration {
  tag: string;
  hash: string;
  statements: string[];
}

export interface MigrationStatus {
  /** Tag of the newest applied migration, or null on an empty database. */
  level: string | null;
  applied: number;
  known: number;
  pending: string[];
  /** Applied migrations this code does not know: the database is newer than the code. */
  unknown: string[];
  current: boolean;
}

type Query = <T extends Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export interface MigrationRunner {
  query: Query;
  runInTransaction<T>(fn: (q: Query) => Promise<T>): Promise<T>;
}

let cached: Migration[] | undefined;

export function loadMigrations(dir: string = migrationsDir): Migration[] {
  if (dir === migrationsDir && cached) return cached;
  const journal = JSON.parse(readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  const migrations = [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const text = readFileSync(path.join(dir, `${tag}.sql`), 'utf8');
      return {
        tag,
        hash: createHash('sha256').update(text).digest('hex'),
        statements: text
          .split('--> statement-breakpoint')
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      };
    });
  if (dir === migrationsDir) cached = migrations;
  return migrations;
}

const ledgerDdl = `create table if not exists tandem_migrations (
  tag text primary key,
  hash text not null,
  applied_at timestamptz not null default now()
)`;

async function appliedTags(query: Query): Promise<string[]> {
  const exists = await query<{ present: boolean }>(
    "select to_regclass('public.tandem_migrations') is not null as present",
  );
  if (!exists[0]?.present) return [];
  const rows = await query<{ tag: string }>('select tag from tandem_migrations order by applied_at, tag');
  return rows.map((r) => r.tag);
}

export async function readMigrationStatus(
  query: Query,
  migrations: Migration[] = loadMigrations(),
): Promise<MigrationStatus> {
  const applied = await appliedTags(query);
  const appliedSet = new Set(applied);
  const knownSet = new Set(migrations.map((m) => m.tag));
  const pending = migrations.filter((m) => !appliedSet.has(m.tag)).map((m) => m.tag);
  const unknown = applied.filter((t) => !knownSet.has(t));
  const lastKnownApplied = [...migrations].reverse().find((m) => appliedSet.has(m.tag));
  return {
    level: lastKnownApplied?.tag ?? null,
    applied: applied.length,
    known: migrations.length,
    pending,
    unknown,
    current: pending.length === 0 && unknown.length === 0,
  };
}

export async function applyMigrations(
  runner: MigrationRunner,
  migrations: Migration[] = loadMigrations(),
): Promise<MigrationStatus> {
  await runner.runInTransaction(async (q) => {
    await q(ledgerDdl);
    const done = new Set(await appliedTags(q));
    for (const migration of migrations) {
      if (done.has(migration.tag)) continue;
      for (const statement of migration.statements) await q(statement);
      await q('insert into tandem_migrations (tag, hash) values ($1, $2)', [migration.tag, migration.hash]);
    }
  });
  return readMigrationStatus(runner.query, migrations);
}
