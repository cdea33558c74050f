/**
 * The data folders spawned servers start from (test/support/data-folder.ts): a copy keeps every
 * mode and leaves the lock file out; global-setup's migrated folder is up to date, with the job
 * queue's tables that `tandem migrate` installs, and its practice folder holds one practice.
 */
import { chmodSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/db/database.ts';
import { lockFileName } from '../../src/core/db/data-dir.ts';
import { jobTypes } from '../../src/server/jobs.ts';
import { copyDataFolder, freshDataFolder, migratedDataFolder, practiceDataFolder } from '../support/data-folder.ts';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Every entry under a folder with its permission bits, e.g. `base/1 700`. */
function modes(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => `${entry} ${(statSync(path.join(dir, entry)).mode & 0o777).toString(8)}`)
    .sort();
}

describe('data folders for spawned servers', () => {
  it('copies files and folders with their modes and without the lock file', () => {
    const source = freshDataFolder('tandem-copy-source-');
    made.push(source);
    chmodSync(source, 0o700);
    mkdirSync(path.join(source, 'base'), { mode: 0o700 });
    writeFileSync(path.join(source, 'base', 'table'), 'rows', { mode: 0o600 });
    writeFileSync(path.join(source, 'PG_VERSION'), '17', { mode: 0o600 });
    writeFileSync(path.join(source, 'readable'), 'x');
    chmodSync(path.join(source, 'readable'), 0o644);
    writeFileSync(path.join(source, lockFileName), '{"pid":1}', { mode: 0o600 });

    const copy = copyDataFolder(source, 'tandem-copy-');
    made.push(copy);
    expect(statSync(copy).mode & 0o777).toBe(0o700);
    expect(modes(copy)).toEqual(['PG_VERSION 600', 'base 700', 'base/table 600', 'readable 644']);
  });

  it("starts a server's folder from global-setup's, owner-only, with no migration pending and the job queue installed", async () => {
    const dir = migratedDataFolder('tandem-copy-migrated-');
    made.push(dir);
    expect(readdirSync(dir)).not.toContain(lockFileName);
    expect(modes(dir).filter((entry) => !/ [67]00$/.test(entry))).toEqual([]);
    const database = await openDatabase({ kind: 'embedded', dataDir: dir });
    try {
      const status = await database.migrationStatus();
      expect(status.pending).toEqual([]);
      expect(status.applied).toBeGreaterThan(0);
      const queues = await database.query<{ name: string }>('select name from pgboss.queue order by name');
      expect(queues.map((q) => q.name)).toEqual(jobTypes.map((type) => type.name).sort());
      // The embedded database's page cache (database.ts), smaller than PGlite's 128 MB.
      expect(await database.query('show shared_buffers')).toEqual([{ shared_buffers: '64MB' }]);
    } finally {
      await database.close();
    }
  });

  it('starts a browser suite from a copy where `tandem setup` made one practice', async () => {
    const dir = practiceDataFolder('tandem-copy-practice-');
    made.push(dir);
    const database = await openDatabase({ kind: 'embedded', dataDir: dir });
    try {
      expect(await database.query('select name from practices')).toEqual([{ name: 'Bench Family Medicine' }]);
    } finally {
      await database.close();
    }
  });
});
