/**
 * Data folders for the `tandem` processes the tests spawn. A server started on an empty folder
 * runs PGlite's initdb and every migration first: 4-7 s of CPU each time, more under load.
 * global-setup therefore migrates one folder per test run with `tandem migrate`, as a user would,
 * and the tests that are not about first run, setup or migration start from a copy of it
 * (migratedDataFolder); those that are start from an empty one (freshDataFolder). It also runs
 * `tandem setup` once on a copy (createPracticeDataFolder), for the browser suites that need only
 * "a practice and its administrator": one `tandem setup` process costs some 4 s of CPU.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { setupPractice } from '../../bench/support/signed-in.ts';
import { lockFileName } from '../../src/core/db/data-dir.ts';
import { repoRoot, tandemBin } from './spawn-server.ts';

/** Runs `tandem migrate` on a new folder; returns it and how to remove it. */
export async function createMigratedDataFolder(): Promise<{ dir: string; remove(): void }> {
  const dir = freshDataFolder('tandem-data-template-');
  // The embedded database even when the caller's environment names a PostgreSQL server.
  const env = { ...process.env, TANDEM_DATA_DIR: dir, DATABASE_URL: '', TANDEM_LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, [tandemBin, 'migrate'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  const remove = () => rmSync(dir, { recursive: true, force: true });
  if (code !== 0) {
    remove();
    throw new Error(`tandem migrate of the template data folder exited with ${code}:\n${output}`);
  }
  return { dir, remove };
}

/** A copy of the migrated folder with one practice set up by `tandem setup` (signed-in.ts). */
export function createPracticeDataFolder(migrated: string): { dir: string; remove(): void } {
  const dir = copyDataFolder(migrated, 'tandem-data-practice-');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    setupPractice({ TANDEM_DATA_DIR: dir, DATABASE_URL: '', TANDEM_LOG_LEVEL: 'warn' });
  } catch (err) {
    remove();
    throw err;
  }
  return { dir, remove };
}

/** An empty data folder: the server runs initdb and every migration on it, as on a first run. */
export function freshDataFolder(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A copy of global-setup's migrated data folder, for a server that is not about first run. */
export function migratedDataFolder(prefix: string): string {
  return copyDataFolder(inject('migratedDataFolder'), prefix);
}

/** A copy of global-setup's folder with one practice set up, for a suite that needs only that. */
export function practiceDataFolder(prefix: string): string {
  return copyDataFolder(inject('practiceDataFolder'), prefix);
}

/**
 * Copies a data folder into a new one. fs.cp keeps each file's and folder's mode (the folder is
 * owner-only, src/core/db/data-dir.ts). The lock file is left out, though `tandem migrate` removes
 * it on exit: a copied lock would name a process that does not own the copy.
 */
export function copyDataFolder(source: string, prefix: string): string {
  const dir = freshDataFolder(prefix);
  cpSync(source, dir, { recursive: true, filter: (entry) => path.basename(entry) !== lockFileName });
  return dir;
}
