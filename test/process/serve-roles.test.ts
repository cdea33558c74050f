/** `tandem serve --role`: web and worker processes on PostgreSQL; the embedded database refuses a split. */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { testAuditKey } from '../support/audit-key.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { repoRoot, spawnServer, stopServer, tandemBin } from '../support/spawn-server.ts';
import { waitFor } from '../support/wait-for.ts';

test('the embedded database refuses --role worker with a message naming DATABASE_URL', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-role-'));
  try {
    const result = spawnSync(process.execPath, [tandemBin, 'serve', '--role', 'worker'], {
      cwd: repoRoot,
      env: { ...process.env, TANDEM_DATA_DIR: dir, TANDEM_PORT: '0', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--role worker needs DATABASE_URL');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);

test('an unknown role is a usage error listing the roles', () => {
  const result = spawnSync(process.execPath, [tandemBin, 'serve', '--role', 'cron'], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/all, web, worker/);
}, 90_000);

describe.skipIf(!inject('postgresUrl'))('serve roles [postgres]', () => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let env: Record<string, string>;
  beforeAll(async () => {
    created = await createPostgresDatabase();
    env = {
      DATABASE_URL: created.url,
      TANDEM_ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}`,
      TANDEM_AUDIT_KEY: testAuditKey,
    };
  });
  afterAll(async () => created?.drop());

  test('a web process listens and leaves jobs to workers; a worker process starts without listening and stops on SIGTERM', async () => {
    const web = await spawnServer(env, 90_000, ['--role', 'web']);
    try {
      expect(web.output()).toContain('background jobs run in `--role worker` processes');
      expect((await fetch(`${web.url}/healthz`)).status).toBe(200);
    } finally {
      await stopServer(web);
    }
    const worker = spawn(process.execPath, [tandemBin, 'serve', '--role', 'worker'], {
      cwd: repoRoot,
      env: { ...process.env, ...env, TANDEM_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    worker.stdout.on('data', (d: Buffer) => (out += d.toString()));
    worker.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<string>((resolve) => worker.on('exit', (code, signal) => resolve(`${code} ${signal}`)));
    await waitFor(() => out.includes('Tandem worker is running') || worker.exitCode !== null, { timeoutMs: 90_000 });
    expect(out).toContain('Tandem worker is running (PostgreSQL)');
    worker.kill('SIGTERM');
    expect({ exit: await exited, out }).toEqual({ exit: '0 null', out: expect.any(String) });
  }, 240_000);
});
