/**
 * `tandem audit verify` and `tandem keys` as a user runs them, on an embedded database. Between
 * runs the test opens the same data folder itself to write and tamper with entries (never while
 * a tandem process has it open).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { byteSize } from '../../src/cli/io.ts';
import { appendAudit } from '../../src/core/audit/append.ts';
import { auditHash, genesisHash, type HashedEntry } from '../../src/core/audit/hash.ts';
import { encryptedColumns } from '../../src/core/crypto/encrypted-columns.ts';
import { openDatabase, type Database } from '../../src/core/db/database.ts';
import { testAuditKey } from '../support/audit-key.ts';
import { migratedDataFolder } from '../support/data-folder.ts';
import { repoRoot, tandemBin } from '../support/spawn-server.ts';

// Copies of the folder global setup migrated with `tandem migrate`: migrating an empty folder runs
// PGlite's initdb, seconds of CPU per folder, and `migrate` itself is tested there.
const dataDir = migratedDataFolder('tandem-audit-cli-');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function tandem(args: string[], dir = dataDir) {
  const result = spawnSync(process.execPath, [tandemBin, ...args], {
    cwd: repoRoot,
    // The audit key this test process appends with (test/support/audit-key.ts).
    env: {
      ...process.env,
      TANDEM_DATA_DIR: dir,
      TANDEM_ENCRYPTION_KEY: '',
      TANDEM_ENCRYPTION_KEY_FILE: '',
      TANDEM_AUDIT_KEY: testAuditKey,
      TANDEM_AUDIT_KEY_FILE: '',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function withData<T>(fn: (database: Database) => Promise<T>, dir = dataDir): Promise<T> {
  const database = await openDatabase({ kind: 'embedded', dataDir: dir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/**
 * `count` entries chained exactly as appendAudit chains them, written in one statement: appending
 * them one at a time takes some ten seconds on an embedded database.
 */
async function appendInBulk(database: Database, count: number): Promise<void> {
  const none = { actor_id: null, actor_label: null, practice_id: null, target_type: null, target_id: null };
  const noRequest = { ip: null, user_agent: null, request_id: null };
  const entries: (HashedEntry & { hash: string })[] = [];
  let prev = genesisHash;
  for (let seq = 1; seq <= count; seq += 1) {
    const at = new Date(Date.UTC(2025, 0, 1) + seq).toISOString();
    const entry: HashedEntry = {
      ...{ seq, id: randomUUID(), at, actor_type: 'system', action: `event.${seq}`, details: {}, prev_hash: prev },
      ...none,
      ...noRequest,
    };
    prev = auditHash(entry);
    entries.push({ ...entry, hash: prev });
  }
  await database.query(
    `insert into audit_log (seq, id, at, actor_type, action, details, prev_hash, hash)
     select seq, id, at, 'system', 'event.' || seq, '{}', prev_hash, hash
     from unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[]) as t(seq, id, at, prev_hash, hash)`,
    (['seq', 'id', 'at', 'prev_hash', 'hash'] as const).map((column) => entries.map((e) => e[column])),
  );
  await database.query('update audit_head set seq = $1, hash = $2 where id = 1', [count, prev]);
}

// Each test starts several tandem processes one after another; on a busy machine one start can take
// 10 s or more (TypeScript compiled at start), so the budget is per test, not the default 30 s.
const severalProcesses = { timeout: 240_000 };

describe('tandem audit verify', severalProcesses, () => {
  it('exits 0 on an intact log and 1 naming the first edited entry', async () => {
    await withData(async (database) => {
      for (const action of ['user.created', 'practice.updated', 'auth.sign_out'])
        await database.db.transaction((tx) =>
          appendAudit(tx, { at: new Date('2025-01-02T03:04:05.678Z'), actorType: 'system', action }),
        );
    });
    const intact = tandem(['audit', 'verify']);
    expect(intact).toMatchObject({ code: 0, stderr: '' });
    expect(intact.stdout).toMatch(/^3 entries verified; chain head seq 3, hash [0-9a-f]{64}; no checkpoints yet\n$/);

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

  it('checks a log longer than one batch on a worker thread, finds an edit in a later batch, and exits', async () => {
    // The verifier reads 10,000 entries a batch; past the first, a worker thread hashes them.
    const dir = migratedDataFolder('tandem-audit-cli-long-');
    try {
      const count = 10_050;
      await withData((database) => appendInBulk(database, count), dir);
      // spawnSync's timeout would stop a process kept alive by a worker that was never terminated.
      const intact = tandem(['audit', 'verify'], dir);
      expect(intact).toMatchObject({ code: 0, stderr: '' });
      expect(intact.stdout).toMatch(
        new RegExp(`^${count} entries verified; chain head seq ${count}, hash [0-9a-f]{64}; no checkpoints yet\n$`),
      );

      await withData(async (database) => {
        await database.query('alter table audit_log disable trigger audit_log_no_update_or_delete');
        await database.query(`update audit_log set action = 'event.edited' where seq = 10020`);
        await database.query('alter table audit_log enable trigger audit_log_no_update_or_delete');
      }, dir);
      const tampered = tandem(['audit', 'verify', '--json'], dir);
      expect(tampered.code).toBe(1);
      expect(JSON.parse(tampered.stdout)).toMatchObject({
        ok: false,
        checked: 10_019,
        problem: { seq: 10_020, kind: 'modified', entry: { action: 'event.edited' } },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tandem audit checkpoints', () => {
  it('writes, exports and checks checkpoints, and names truncated entries and deleted checkpoints', async () => {
    const dir = migratedDataFolder('tandem-audit-cp-');
    const file = path.join(dir, 'checkpoints.jsonl');
    try {
      expect(tandem(['audit', 'checkpoint'], dir)).toMatchObject({
        code: 0,
        stdout: 'the audit log is empty: no checkpoint written\n',
      });
      await withData(async (database) => {
        for (let i = 1; i <= 6; i += 1)
          await database.db.transaction((tx) =>
            appendAudit(tx, { at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)), actorType: 'system', action: `event.${i}` }),
          );
      }, dir);
      const written = tandem(['audit', 'checkpoint'], dir);
      expect(written.code).toBe(0);
      expect(written.stdout).toMatch(/^checkpoint written at seq 6, hash [0-9a-f]{64}\n$/);
      const again = tandem(['audit', 'checkpoint', '--json'], dir);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({
        written: false,
        reason: 'unchanged',
        checkpoint: { seq: 6 },
      });

      const exported = tandem(['audit', 'checkpoints', 'export', '--out', file], dir);
      expect(exported).toMatchObject({
        code: 0,
        stdout: '',
        stderr: `Wrote ${file} (${byteSize(statSync(file).size)})\n`,
      });
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? '')).toMatchObject({ seq: 6, key_id: 't1', first_keyed_seq: 1 });

      const intact = tandem(['audit', 'verify', '--checkpoints', file], dir);
      expect(intact).toMatchObject({ code: 0, stderr: '' });
      expect(intact.stdout).toMatch(
        /^6 entries verified; chain head seq 6, hash [0-9a-f]{64}; 1 stored checkpoint and 1 in the file match \(latest at seq 6\)\n$/,
      );

      // Delete the two newest entries, point the head back, and delete the checkpoint as well.
      await withData(async (database) => {
        await database.query('alter table audit_log disable trigger audit_log_no_update_or_delete');
        await database.query('delete from audit_log where seq > 4');
        await database.query('alter table audit_log enable trigger audit_log_no_update_or_delete');
        await database.query('update audit_head set seq = 4, hash = (select hash from audit_log where seq = 4)');
        await database.query('delete from audit_checkpoints');
      }, dir);
      // Without the exported copy, nothing is left to tell (docs/security.md says so).
      expect(tandem(['audit', 'verify'], dir).code).toBe(0);
      const tampered = tandem(['audit', 'verify', '--checkpoints', file], dir);
      expect(tampered.code).toBe(1);
      expect(tampered.stdout).toBe('');
      expect(tampered.stderr).toContain(
        `tandem: audit log verification failed (checkpoint_deleted) at seq 6: checkpoint at seq 6 (signed `,
      );
      expect(tampered.stderr).toContain(`is in ${file} but not in the database: checkpoints were deleted\n`);
      expect(tampered.stderr).toContain(
        'tandem: also (truncated) at seq 5: entries 5 to 6 are missing: checkpoint at seq 6',
      );
      const json = tandem(['audit', 'verify', '--checkpoints', file, '--json'], dir);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({
        ok: false,
        checked: 4,
        problems: [{ kind: 'checkpoint_deleted' }, { kind: 'truncated', seq: 5 }],
        checkpoints: { stored: 0, file: 1 },
      });
      // A file that cannot be read is bad input.
      expect(tandem(['audit', 'verify', '--checkpoints', path.join(dir, 'absent.jsonl')], dir).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe('tandem keys', severalProcesses, () => {
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
      // Every registered column (their list is checked in src/cli/commands/keys.test.ts).
      columns: encryptedColumns.map(({ table, column }) => ({ table, column })),
    });
    expect(tandem(['keys', 'rotate', '--batch-size', '0']).code).toBe(2);
  });
});
