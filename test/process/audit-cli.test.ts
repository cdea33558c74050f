/**
 * `tandem audit verify` and `tandem keys` as a user runs them, on an embedded database. Between
 * runs the test opens the same data folder itself to write and tamper with entries (never while
 * a tandem process has it open).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/core/audit/append.ts';
import { openDatabase, type Database } from '../../src/core/db/database.ts';
import { repoRoot, tandemBin } from '../support/spawn-server.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-audit-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function tandem(args: string[]) {
  const result = spawnSync(process.execPath, [tandemBin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, TANDEM_DATA_DIR: dataDir, TANDEM_ENCRYPTION_KEY: '', TANDEM_ENCRYPTION_KEY_FILE: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function withData<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ kind: 'embedded', dataDir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

describe('tandem audit verify', () => {
  beforeAll(() => {
    expect(tandem(['migrate']).code).toBe(0);
  });

  it('exits 0 on an intact log and 1 naming the first edited entry', async () => {
    await withData(async (database) => {
      for (const action of ['user.created', 'practice.updated', 'auth.sign_out'])
        await database.db.transaction((tx) =>
          appendAudit(tx, { at: new Date('2025-01-02T03:04:05.678Z'), actorType: 'system', action }),
        );
    });
    const intact = tandem(['audit', 'verify']);
    expect(intact).toMatchObject({ code: 0, stderr: '' });
    expect(intact.stdout).toMatch(/^3 entries verified; chain head seq 3, hash [0-9a-f]{64}\n$/);

    const id = await withData(async (database) => {
      await database.query('alter table audit_log disable trigger audit_log_no_update_or_delete');
      await database.query(`update audit_log set action = 'practice.viewed' where seq = 2`);
      await database.query('alter table audit_log enable trigger audit_log_no_update_or_delete');
      const [row] = await database.query<{ id: string }>('select id from audit_log where seq = 2');
      return row?.id;
    });
    const tampered = tandem(['audit', 'verify']);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toBe('');
    expect(tampered.stderr).toContain(
      `at seq 2: entry seq 2 (id ${id}, practice.viewed at 2025-01-02T03:04:05.678Z) does not match its hash`,
    );
    const json = tandem(['audit', 'verify', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      checked: 1,
      problem: { seq: 2, kind: 'modified', entry: { id } },
    });
  });

  it('exits 2 on a bad option', () => {
    expect(tandem(['audit', 'verify', '--bogus']).code).toBe(2);
  });
});

describe('tandem keys', () => {
  it('rotates to a new key in the embedded key file and reports the counts', () => {
    const rotated = tandem(['keys', 'rotate', '--json']);
    expect(rotated.code).toBe(0);
    const file = path.join(dataDir, 'encryption-keys.json');
    const keys = JSON.parse(readFileSync(file, 'utf8'));
    expect(JSON.parse(rotated.stdout)).toMatchObject({ currentKeyId: keys.current, remaining: 0 });
    expect(Object.keys(keys.keys)).toHaveLength(2);
    const status = tandem(['keys', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      currentKeyId: keys.current,
      columns: [
        { table: 'users', column: 'mfa_secret' },
        { table: 'users', column: 'mfa_pending_secret' },
        ...['name', 'phone', 'email', 'note'].map((column) => ({ table: 'patient_contacts', column })),
      ],
    });
    expect(tandem(['keys', 'rotate', '--batch-size', '0']).code).toBe(2);
  });
});
