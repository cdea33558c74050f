/**
 * One migrated PGlite cluster, saved once per test run by global-setup, that every in-memory test
 * database starts from. A fresh PGlite runs initdb (about 2-7 s of CPU on this 2-core machine,
 * more under load) and then the migrations; starting from the saved folder skips both, which is
 * most of the suite's database set-up time.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { openDatabase, openPglite, type Database } from '../../src/core/db/database.ts';

/** Creates and migrates a cluster and writes it to a file; returns the file and how to remove it. */
export async function saveMigratedSnapshot(): Promise<{ file: string; remove(): void }> {
  const client = await PGlite.create();
  const database = openPglite(client);
  try {
    await database.migrate();
    // Nothing here creates databases, so the template databases only cost every open: without
    // them the snapshot has 733 files instead of 1,335 and an open takes 0.25-0.3 s less CPU
    // (docs/benchmarks.md, "Where a whole run's CPU went").
    await client.exec(`update pg_database set datistemplate = false where datname like 'template_'`);
    for (const template of ['template0', 'template1']) await client.exec(`drop database ${template}`);
    const dump = await client.dumpDataDir('none');
    const file = join(mkdtempSync(join(tmpdir(), 'tandem-pglite-')), 'migrated.tar');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return { file, remove: () => rmSync(dirname(file), { recursive: true, force: true }) };
  } finally {
    await database.close();
  }
}

let cached: Blob | undefined;

/** An in-memory database already migrated to the shipped migrations, from global-setup's snapshot. */
export async function openMigratedMemoryDatabase(): Promise<Database> {
  cached ??= new Blob([readFileSync(inject('pgliteSnapshot'))]);
  const database = await openDatabase({ kind: 'memory', loadDataDir: cached });
  // A no-op on the snapshot; it also proves the snapshot is as migrated as the code expects.
  await database.migrate();
  return database;
}
