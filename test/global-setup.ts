/**
 * Runs once per test run: starts a real PostgreSQL server and checks for Chromium and dovecot, and
 * tells the test files through vitest's provide/inject. Outside CI a missing PostgreSQL, Chromium or dovecot only
 * skips the tests that need it, with the reason printed; with CI=true it fails the run. It also
 * rebuilds the web app when its sources changed, once, before the end-to-end tests serve it, and
 * saves one migrated PGlite cluster and one migrated PostgreSQL template database that the test
 * databases start from (pglite-snapshot.ts, postgres-server.ts), and one data folder migrated by
 * `tandem migrate` that spawned servers start from, and a copy of it where `tandem setup` made one
 * practice (data-folder.ts), and the same practice in a PostgreSQL template (browser suites). First it compiles the CLI to
 * dist/ when the sources changed since the last build: bin/tandem otherwise runs them through
 * tsx, which compiles TypeScript at every start of the hundred-odd processes the tests spawn.
 */
import type { TestProject } from 'vitest/node';
import { ensureCliBuild } from '../scripts/cli-build.mjs';
import { ensureWebBuild } from '../scripts/web-build.mjs';
import { findChromium } from './support/chromium.ts';
import { findDovecot } from './support/dovecot.ts';
import { createMigratedDataFolder, createPracticeDataFolder } from './support/data-folder.ts';
import { saveMigratedSnapshot } from './support/pglite-snapshot.ts';
import { createMigratedTemplate, createPracticeTemplate, startPostgres } from './support/postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    postgresSocketUrl: string | null;
    postgresMissing: string | null;
    chromiumPath: string | null;
    chromiumMissing: string | null;
    /** Debian's dovecot for the IMAP polling tests (imap-server.ts), or why it is missing. */
    dovecotPath: string | null;
    dovecotMissing: string | null;
    /** A migrated PGlite cluster (dumpDataDir) that in-memory test databases start from. */
    pgliteSnapshot: string;
    /** A data folder migrated by `tandem migrate` that spawned servers start from (copied). */
    migratedDataFolder: string;
    /** The migrated data folder with one practice and its administrator (bench/support/signed-in.ts). */
    practiceDataFolder: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const inCi = process.env.CI === 'true' || process.env.CI === '1';
  // Before anything spawns `tandem` (createMigratedDataFolder): a clean clone built it in `npm ci`.
  ensureCliBuild();
  const [pg, snapshot, dataFolder] = await Promise.all([
    startPostgres().then(async (server) => {
      if ('url' in server) {
        await createMigratedTemplate(server.url);
        await createPracticeTemplate(server.url);
      }
      return server;
    }),
    saveMigratedSnapshot(),
    createMigratedDataFolder(),
  ]);
  const practiceFolder = createPracticeDataFolder(dataFolder.dir);
  const chromium = findChromium();
  const dovecot = findDovecot();
  if ('path' in chromium) ensureWebBuild();
  const problems = [
    'missing' in pg ? `PostgreSQL: ${pg.missing}` : undefined,
    'missing' in chromium ? `Chromium: ${chromium.missing}` : undefined,
    'missing' in dovecot ? `dovecot (IMAP): ${dovecot.missing}` : undefined,
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0) {
    if (inCi) throw new Error(`CI=true and a required test component is missing:\n${problems.join('\n')}`);
    for (const p of problems) process.stderr.write(`[tandem tests] skipping tests that need it: ${p}\n`);
  }
  project.provide('postgresUrl', 'url' in pg ? pg.url : null);
  project.provide('postgresSocketUrl', 'socketUrl' in pg ? pg.socketUrl : null);
  project.provide('postgresMissing', 'missing' in pg ? pg.missing : null);
  project.provide('chromiumPath', 'path' in chromium ? chromium.path : null);
  project.provide('chromiumMissing', 'missing' in chromium ? chromium.missing : null);
  project.provide('dovecotPath', 'path' in dovecot ? dovecot.path : null);
  project.provide('dovecotMissing', 'missing' in dovecot ? dovecot.missing : null);
  project.provide('pgliteSnapshot', snapshot.file);
  project.provide('migratedDataFolder', dataFolder.dir);
  project.provide('practiceDataFolder', practiceFolder.dir);
  return () => {
    if ('stop' in pg) pg.stop();
    snapshot.remove();
    dataFolder.remove();
    practiceFolder.remove();
  };
}
