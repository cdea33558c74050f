/**
 * Starts a throwaway PostgreSQL server for the test run: initdb and pg_ctl into a temporary
 * folder, a free port on 127.0.0.1, stopped and deleted at the end. As root (CI), the server runs
 * as the `postgres` system user, because PostgreSQL refuses to run as root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/core/db/database.ts';
import { setupPractice } from '../../bench/support/signed-in.ts';
import { testAuditKey } from './audit-key.ts';

export interface PostgresServer {
  url: string;
  /** The same server through its Unix socket (a folder in the host parameter), which skips TCP. */
  socketUrl: string;
  /** The server's data folder (postmaster.pid names its main process; benchmarks read its CPU time). */
  dataDir: string;
  stop(): void;
}

function findBinDir(): string | undefined {
  const fromPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (fromPath) return path.dirname(fromPath);
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Returns undefined, with the reason, when no PostgreSQL server binaries are installed. */
export async function startPostgres(): Promise<PostgresServer | { missing: string }> {
  const binDir = findBinDir();
  if (!binDir)
    return { missing: 'PostgreSQL server binaries (pg_ctl, initdb) not found; install the postgresql package' };
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-pg-'));
  const dataDir = path.join(dir, 'data');
  const user = asRoot ? 'postgres' : os.userInfo().username;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (bin: string, args: string[]) => {
    const cmd = path.join(binDir, bin);
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  };
  const port = await freePort();
  run('initdb', ['-D', dataDir, '-U', user, '--auth=trust', '--encoding=UTF8', '--no-locale']);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run('pg_ctl', ['-D', dataDir, '-l', path.join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  let stopped = false;
  return {
    url: `postgres://${user}@127.0.0.1:${port}/postgres`,
    socketUrl: `postgres://${user}@/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    dataDir,
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The database global-setup migrates once; test databases are created as copies of it. */
export const migratedTemplate = 'tandem_migrated';

export async function createMigratedTemplate(serverUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${migratedTemplate}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${migratedTemplate}`;
  // Closed before any copy: PostgreSQL copies a template only while nobody is connected to it.
  // Two connections: migrate() holds one for its lock and reads the applied list through another.
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolMax: 2 });
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
}

/**
 * The migrated template after `tandem setup` made one practice and its administrator (as
 * global-setup's practice data folder, bench/support/signed-in.ts): browser suites that need only
 * that start from a copy of it (databases.ts), with the keys of spawnedServerEnv.
 */
export const practiceTemplate = 'tandem_practice';

/** What a `tandem serve` on a copy of the practice template needs: the database and the keys setup used. */
export function spawnedServerEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    TANDEM_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 0x5e).toString('base64')}`,
    TANDEM_AUDIT_KEY: testAuditKey,
  };
}

export async function createPracticeTemplate(serverUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${practiceTemplate} template ${migratedTemplate}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${practiceTemplate}`;
  // Keys come from the environment; the folder only proves setup writes nothing to it.
  const folder = mkdtempSync(path.join(os.tmpdir(), 'tandem-practice-template-'));
  try {
    setupPractice({ ...spawnedServerEnv(url.toString()), TANDEM_DATA_DIR: folder, TANDEM_LOG_LEVEL: 'warn' });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
