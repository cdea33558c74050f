import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { loadMigrations, readMigrationStatus } from './migrate.ts';

function migrationsFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-mig-'));
  mkdirSync(path.join(dir, 'meta'));
  const tags = Object.keys(files);
  writeFileSync(
    path.join(dir, 'meta', '_journal.json'),
    JSON.stringify({ entries: tags.map((tag, idx) => ({ idx, tag })) }),
  );
  for (const [tag, sql] of Object.entries(files)) writeFileSync(path.join(dir, `${tag}.sql`), sql);
  return dir;
}

describe('loadMigrations', () => {
  it('reads the shipped journal in order, split on statement breakpoints', () => {
    const migrations = loadMigrations();
    const folder = new URL('./migrations/', import.meta.url);
    const journal = JSON.parse(readFileSync(new URL('meta/_journal.json', folder), 'utf8')) as {
      entries: { idx: number; tag: string }[];
    };
    const files = readdirSync(folder).filter((f) => f.endsWith('.sql'));
    // Every journal entry, in order, and no SQL file the journal does not list (it would never run).
    expect(migrations.map((m) => m.tag)).toEqual(journal.entries.map((e) => e.tag));
    expect(journal.entries.map((e) => e.idx)).toEqual(journal.entries.map((_, i) => i));
    expect(files.sort()).toEqual(journal.entries.map((e) => `${e.tag}.sql`).sort());
    expect(migrations.map((m) => m.tag.slice(0, 4))).toEqual(migrations.map((_, i) => String(i).padStart(4, '0')));
    expect(migrations.every((m) => m.statements.length > 0 && m.hash.length === 64)).toBe(true);
  });
});

describeEachEngine('migrations', (db) => {
  it('are current after the harness migrated, and applying again changes nothing', async () => {
    const status = await db().migrationStatus();
    expect(status).toMatchObject({ current: true, pending: [], unknown: [] });
    const again = await db().migrate();
    expect(again.applied).toBe(status.applied);
  });

  it('roll back as a whole when one statement fails', async () => {
    const dir = migrationsFolder({
      '9000_good': 'create table mig_probe_a (id int)',
      '9001_bad': 'create table mig_probe_b (id int)\n--> statement-breakpoint\nselect * from no_such_table',
    });
    const custom = loadMigrations(dir);
    await expect(db().migrate([...loadMigrations(), ...custom])).rejects.toThrow(/no_such_table/);
    const tables = await db().query<{ name: string | null }>("select to_regclass('mig_probe_a')::text as name");
    expect(tables[0]?.name).toBeNull();
    const status = await readMigrationStatus(db().query, custom);
    expect(status.pending).toEqual(['9000_good', '9001_bad']);
  });

  it('reports a database that is ahead of the code', async () => {
    const status = await readMigrationStatus(db().query, loadMigrations().slice(0, 0));
    expect(status.current).toBe(false);
    expect(status.unknown).toEqual(loadMigrations().map((m) => m.tag));
  });
});
