/**
 * What someone with direct database access (the table owner, append-only trigger switched off)
 * but without the audit key can do to the log, and what `audit verify` says about it: truncating
 * the newest entries and pointing the head back, deleting everything and resetting the head,
 * rewriting an entry and recomputing every later hash with the plain (unkeyed) formula, and
 * downgrading keyed entries to plain ones. Each is detected through the keyed chain or the
 * signed checkpoints, stored or exported (docs/security.md, "Audit log").
 */
import { afterEach, beforeAll, expect, it } from 'vitest';
import { appendAudit } from '../../src/core/audit/append.ts';
import {
  CheckpointRefused,
  listCheckpoints,
  writeCheckpoint,
  type Checkpoint,
} from '../../src/core/audit/checkpoints.ts';
import { auditHash, genesisHash, type HashedEntry } from '../../src/core/audit/hash.ts';
import { auditKeys } from '../../src/core/audit/key.ts';
import { readEntries } from '../../src/core/audit/read-entries.ts';
import { verifyAuditLog } from '../../src/core/audit/verify.ts';
import type { Database } from '../../src/core/db/database.ts';
import { describeEachEngine } from '../support/databases.ts';

/** What a superuser with direct database access can do: switch the append-only trigger off. */
async function tamper(database: Database, fn: () => Promise<void>): Promise<void> {
  await database.query('alter table audit_log disable trigger audit_log_no_update_or_delete');
  try {
    await fn();
  } finally {
    await database.query('alter table audit_log enable trigger audit_log_no_update_or_delete');
  }
}

/**
 * Rewrites entries from `from` on with `edit` applied, recomputing every hash from there with the
 * plain SHA-256 formula (all the attacker can compute without the key), and moves the head.
 */
async function rewriteUnkeyed(
  database: Database,
  from: number,
  edit: (entry: HashedEntry) => HashedEntry,
  options: { dropKeyId: boolean },
): Promise<void> {
  const entries = await readEntries(database, from - 1, Number.MAX_SAFE_INTEGER, 1000);
  let prev = (await readEntries(database, from - 2, from - 1, 1))[0]?.hash ?? genesisHash;
  await tamper(database, async () => {
    for (const stored of entries) {
      const { hash: _hash, key_id: keyId, ...content } = stored;
      const changed = { ...(stored.seq === from ? edit(content) : content), prev_hash: prev };
      prev = auditHash(changed);
      await database.query(
        'update audit_log set action = $2, details = $3, prev_hash = $4, hash = $5, key_id = $6 where seq = $1',
        [
          stored.seq,
          changed.action,
          JSON.stringify(changed.details),
          changed.prev_hash,
          prev,
          options.dropKeyId ? null : keyId,
        ],
      );
    }
  });
  await database.query('update audit_head set seq = $1, hash = $2 where id = 1', [entries.at(-1)?.seq, prev]);
}

/** Three plain SHA-256 entries, as written before migration 0012 (keyed entries follow them). */
async function appendLegacy(database: Database, count: number): Promise<void> {
  let prev = genesisHash;
  for (let seq = 1; seq <= count; seq += 1) {
    const entry: HashedEntry = {
      seq,
      id: `00000000-0000-4000-8000-00000000000${seq}`,
      at: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
      actor_type: 'system',
      actor_id: null,
      actor_label: null,
      practice_id: null,
      action: `legacy.${seq}`,
      target_type: null,
      target_id: null,
      ip: null,
      user_agent: null,
      request_id: null,
      details: {},
      prev_hash: prev,
    };
    prev = auditHash(entry);
    await database.query(
      `insert into audit_log (seq, id, at, actor_type, action, details, prev_hash, hash)
       values ($1, $2, $3, 'system', $4, '{}', $5, $6)`,
      [seq, entry.id, entry.at, entry.action, entry.prev_hash, prev],
    );
  }
  await database.query('update audit_head set seq = $1, hash = $2 where id = 1', [count, prev]);
}

async function append(database: Database, count: number, from: number): Promise<void> {
  for (let i = from; i < from + count; i += 1)
    await database.db.transaction((tx) =>
      appendAudit(tx, {
        at: new Date(Date.UTC(2025, 0, 2, 0, 0, i)),
        actorType: 'system',
        action: `event.${i}`,
        details: { n: i },
      }),
    );
}

describeEachEngine('audit log truncation and rewriting', (db) => {
  let checkpoints: Checkpoint[] = [];

  beforeAll(async () => {
    await appendLegacy(db(), 3); // seq 1-3: plain
    await append(db(), 7, 4); // seq 4-10: keyed
    expect(await writeCheckpoint(db(), auditKeys(), new Date('2025-01-03T00:00:00.000Z'))).toMatchObject({
      written: true,
      checkpoint: { seq: 10, first_keyed_seq: 4, key_id: 't1' },
    });
    await append(db(), 2, 11); // seq 11-12
    expect(await writeCheckpoint(db(), auditKeys(), new Date('2025-01-04T00:00:00.000Z'))).toMatchObject({
      written: true,
      checkpoint: { seq: 12, first_keyed_seq: 4 },
    });
    // The head has not moved: nothing to sign.
    expect(await writeCheckpoint(db(), auditKeys(), new Date())).toMatchObject({ written: false, reason: 'unchanged' });
    checkpoints = await listCheckpoints(db());
    for (const table of ['audit_log', 'audit_head', 'audit_checkpoints'])
      await db().query(`create table snapshot_${table} as select * from ${table}`);
  });

  // Each test tampers with its own copy of the same log and checkpoints.
  afterEach(async () => {
    await tamper(db(), async () => {
      for (const table of ['audit_log', 'audit_head', 'audit_checkpoints']) {
        await db().query(`delete from ${table}`);
        await db().query(`insert into ${table} select * from snapshot_${table}`);
      }
    });
  });

  const exported = () => ({ checkpoints, source: 'checkpoints.jsonl' });

  it('passes the untouched log, plain entries then keyed ones, against the stored and exported checkpoints', async () => {
    const result = await verifyAuditLog(db(), { exported: exported() });
    expect(result).toMatchObject({ ok: true, checked: 12, checkpoints: { stored: 2, file: 2, latestSeq: 12 } });
    expect(result.problem).toBeUndefined();
  });

  it('detects the newest entries deleted and the head pointed back', async () => {
    const [ninth] = await readEntries(db(), 8, 9, 1);
    await tamper(db(), () =>
      db()
        .query('delete from audit_log where seq > 9')
        .then(() => undefined),
    );
    await db().query('update audit_head set seq = 9, hash = $1 where id = 1', [ninth?.hash]);
    const result = await verifyAuditLog(db());
    expect(result).toMatchObject({ ok: false, checked: 9, problem: { seq: 10, kind: 'truncated' } });
    expect(result.problem?.message).toBe(
      `entries 10 to 12 are missing: checkpoint at seq 12 (signed 2025-01-04T00:00:00.000Z with audit key t1) says the log reached seq 12 with hash ${checkpoints[1]?.hash}, but it ends at seq 9`,
    );
    // The server refuses to sign the shortened chain.
    await expect(writeCheckpoint(db(), auditKeys(), new Date())).rejects.toThrow(CheckpointRefused);
  });

  it('detects every entry deleted and the head reset', async () => {
    await tamper(db(), () =>
      db()
        .query('delete from audit_log')
        .then(() => undefined),
    );
    await db().query(`update audit_head set seq = 0, hash = repeat('0', 64) where id = 1`);
    const result = await verifyAuditLog(db());
    expect(result).toMatchObject({ ok: false, checked: 0, problem: { seq: 1, kind: 'truncated' } });
    expect(result.problem?.message).toMatch(/^entries 1 to 12 are missing: checkpoint at seq 12 /);
  });

  it('detects deleted checkpoints from an exported copy, and without one cannot', async () => {
    await tamper(db(), () =>
      db()
        .query('delete from audit_log where seq > 9')
        .then(() => undefined),
    );
    const [ninth] = await readEntries(db(), 8, 9, 1);
    await db().query('update audit_head set seq = 9, hash = $1 where id = 1', [ninth?.hash]);
    await db().query('delete from audit_checkpoints');
    // The limit documented in docs/security.md: with the checkpoints gone too, the chain alone looks whole.
    expect(await verifyAuditLog(db())).toMatchObject({ ok: true, checked: 9 });
    const result = await verifyAuditLog(db(), { exported: exported() });
    expect(result.ok).toBe(false);
    expect(result.problems?.map((p) => p.kind)).toEqual(['checkpoint_deleted', 'checkpoint_deleted', 'truncated']);
    expect(result.problems?.[1]?.message).toBe(
      'checkpoint at seq 12 (signed 2025-01-04T00:00:00.000Z with audit key t1) is in checkpoints.jsonl but not in the database: checkpoints were deleted',
    );
    expect(result.problems?.[2]?.message).toMatch(/^entries 10 to 12 are missing: checkpoint at seq 12 /);
  });

  it('detects an entry edited and every later hash recomputed with the plain formula', async () => {
    await rewriteUnkeyed(db(), 6, (e) => ({ ...e, action: 'event.harmless' }), { dropKeyId: false });
    const result = await verifyAuditLog(db());
    expect(result).toMatchObject({
      ok: false,
      checked: 5,
      problem: { seq: 6, kind: 'modified', entry: { seq: 6, action: 'event.harmless' } },
    });
    expect(result.problem?.message).toContain(
      '(HMAC under audit key t1: a hash recomputed without the key cannot match)',
    );
  });

  it('detects the same rewrite passed off as plain entries (a downgrade)', async () => {
    await rewriteUnkeyed(db(), 6, (e) => ({ ...e, action: 'event.harmless' }), { dropKeyId: true });
    const result = await verifyAuditLog(db());
    expect(result).toMatchObject({ ok: false, checked: 5, problem: { seq: 6, kind: 'downgraded' } });
    expect(result.problem?.message).toContain('has a plain SHA-256 hash after keyed entry 5');
  });

  it('detects every keyed entry downgraded to a plain one, through the checkpoints', async () => {
    // From the first keyed entry on, the whole chain is plain and consistent: only the checkpoints remember.
    await rewriteUnkeyed(db(), 4, (e) => e, { dropKeyId: true });
    const result = await verifyAuditLog(db());
    expect(result.ok).toBe(false);
    expect(result.checked).toBe(12);
    expect(result.problems?.map((p) => p.kind)).toEqual(['rewritten', 'downgraded']);
    expect(result.problems?.[0]?.message).toMatch(/^entry 10 was rewritten: checkpoint at seq 10 /);
    expect(result.problems?.[1]?.message).toContain(
      "says entries are keyed from seq 4, but the log's first keyed entry is none",
    );
  });

  it('detects a checkpoint altered in the database', async () => {
    await db().query(`update audit_checkpoints set first_keyed_seq = 11 where seq = 12`);
    const result = await verifyAuditLog(db());
    expect(result).toMatchObject({ ok: false, problem: { seq: 12, kind: 'checkpoint_forged' } });
    expect(result.problem?.message).toContain('does not match its signature');
  });
});
