import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { version } from '../../src/core/version.ts';
import { testAuditKey } from '../support/audit-key.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { repoRoot, tandemBin } from '../support/spawn-server.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/**
 * A hang still fails, but not a slow start: at load average 20 (four helper sessions' test runs
 * on two cores) "migrates, then reports the level" failed after 61 s against the 60 s this was,
 * its first process running PGlite's initdb and every migration.
 */
const processTimeoutMs = 150_000;

function tandem(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [tandemBin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, TANDEM_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: processTimeoutMs,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the tandem command', () => {
  it('prints its version and help with exit 0', () => {
    expect(tandem(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    const help = tandem(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('serve');
    expect(help.stdout).toContain('migrate');
    for (const command of ['serve', 'migrate']) {
      const sub = tandem([command, '--help']);
      expect(sub.code).toBe(0);
      expect(sub.stdout).toContain(`Usage: tandem ${command}`);
    }
  });

  it('exits 2 on an unknown command or option, with the error on stderr', () => {
    const unknown = tandem(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect(unknown.stdout).toBe('');
    expect(tandem(['migrate', '--bogus']).code).toBe(2);
  });

  it('exits 2 with one line naming a bad configuration variable', () => {
    const bad = tandem(['migrate'], { TANDEM_BODY_LIMIT: 'lots' });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('TANDEM_BODY_LIMIT');
    expect(tandem(['migrate'], { DATABASE_URL: 'mysql://x' }).stderr).toContain('DATABASE_URL: expected a postgres://');
  });

  it('refuses to serve with TANDEM_TRUST_PROXY=true or a bad CIDR, saying to list the proxies', () => {
    const believeAnyone = tandem(['serve'], { TANDEM_TRUST_PROXY: 'true', TANDEM_PORT: '0' });
    expect(believeAnyone.code).toBe(2);
    expect(believeAnyone.stderr.trim().split('\n')).toHaveLength(1);
    expect(believeAnyone.stderr).toContain(
      'TANDEM_TRUST_PROXY: true would believe X-Forwarded-For from any client; list the proxy addresses',
    );
    const badCidr = tandem(['serve'], { TANDEM_TRUST_PROXY: '10.0.0.0/40', TANDEM_PORT: '0' });
    expect(badCidr.code).toBe(2);
    expect(badCidr.stderr).toContain('TANDEM_TRUST_PROXY: expected false or IP addresses/CIDRs');
  });

  it('migrates, then reports the level as JSON', { timeout: 3 * processTimeoutMs }, () => {
    const before = tandem(['migrate', '--status', '--json']);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ mode: 'embedded', applied: 0, current: false });
    const applied = tandem(['migrate']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/up to date at level \d{4}_/);
    const after = JSON.parse(tandem(['migrate', '--status', '--json']).stdout);
    expect(after).toMatchObject({ mode: 'embedded', current: true, pending: [] });
    expect(after.applied).toBe(after.known);
    // Three processes, each opening the embedded database: seconds each, more on a busy machine.
  });

  it('exits 1 when the database cannot be reached', () => {
    const res = tandem(['migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^tandem: /);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.skipIf(!inject('postgresUrl'))('the tandem command on PostgreSQL', () => {
  it('reaches the server through its Unix socket (host=/folder in DATABASE_URL), skipping TCP', async () => {
    const created = await createPostgresDatabase();
    try {
      const env = {
        DATABASE_URL: created.socketUrl,
        TANDEM_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
        TANDEM_AUDIT_KEY: testAuditKey,
      };
      expect(created.socketUrl).not.toContain('127.0.0.1');
      expect(tandem(['migrate'], env).code).toBe(0);
      const status = JSON.parse(tandem(['migrate', '--status', '--json'], env).stdout);
      expect(status).toMatchObject({ mode: 'postgres', current: true, pending: [] });
    } finally {
      await created.drop();
    }
  });

  it('sets up on the DATABASE_URL server, not the embedded folder, and then says it is set up', async () => {
    const created = await createPostgresDatabase();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'tandem-cli-setup-'));
    try {
      const env = {
        DATABASE_URL: created.url,
        TANDEM_DATA_DIR: folder,
        TANDEM_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
        TANDEM_AUDIT_KEY: testAuditKey,
      };
      const args = ['setup', '--org-name', 'Lakeside MSP', '--org-kind', 'msp', '--practice-name', 'Lakeside Dental']
        .concat(['--specialty', 'dental', '--admin-email', 'admin@lakeside.example', '--admin-name', 'Ada'])
        .concat(['--password-stdin']);
      const setup = spawnSync(process.execPath, [tandemBin, ...args], {
        cwd: repoRoot,
        env: { ...process.env, ...env },
        input: 'correct horse battery staple\n',
        encoding: 'utf8',
        timeout: processTimeoutMs,
      });
      expect(setup.stderr).toBe('');
      expect(setup.status).toBe(0);
      const client = new pg.Client({ connectionString: created.url });
      await client.connect();
      const users = await client.query<{ email: string }>('select email from users').finally(() => client.end());
      expect(users.rows.map((u) => u.email)).toEqual(['admin@lakeside.example']);
      expect(readdirSync(folder)).toEqual([]);
      const again = tandem(['setup', '--password-stdin'], env);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain('already set up');
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await created.drop();
    }
  }, 120_000);
});
