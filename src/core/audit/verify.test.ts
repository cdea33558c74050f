import { afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.ts';
import type { Database } from '../db/database.ts';
import { appendAudit } from './append.ts';
import { testAuditKeyBytes } from '../../../test/support/audit-key.ts';
import { auditHash, canonicalEntry, type HashedEntry } from './hash.ts';
import { AuditMac } from './mac.ts';
import { verifyAuditLog } from './verify.ts';

/** What a superuser with direct database access can do: switch the append-only trigger off. */
async function tamper(database: Database, ...statements: string[]): Promise<void> {
  await database.query('alter table audit_log disable trigger audit_log_no_update_or_delete');
  try {
    for (const statement of statements) await database.query(statement);
  } finally {
    await database.query('alter table audit_log enable trigger audit_log_no_update_or_delete');
  }
}

async function entry(database: Database, seq: number): Promise<HashedEntry & { hash: string }> {
  const [row] = await database.query<
    Omit<HashedEntry, 'at' | 'seq'> & { hash: string; at: Date; seq: string | number }
  >('select * from audit_log where seq = $1', [seq]);
  if (!row) throw new Error(`no entry ${seq}`);
  return { ...row, seq: Number(row.seq), at: row.at.toISOString() };
}

describeEachEngine('verifyAuditLog', (db) => {
  const ids: string[] = [];

  beforeAll(async () => {
    for (let i = 1; i <= 5; i += 1)
      await db().db.transaction((tx) =>
        appendAudit(tx, {
          at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)),
          actorType: 'system',
          action: `event.${i}`,
          details: { role: 'staff' },
        }),
      );
    for (let i = 1; i <= 5; i += 1) ids.push((await entry(db(), i)).id);
    await db().query('create table audit_snapshot as select * from audit_log');
  });

  // Each test tampers with its own copy of the same five entries.
  afterEach(async () => {
    await tamper(db(), 'delete from audit_log', 'insert into audit_log select * from audit_snapshot');
    const last = await entry(db(), 5);
    await db().query(
      'insert into audit_head (id, seq, hash) values (1, 5, $1) on conflict (id) do update set seq = 5, hash = $1',
      [last.hash],
    );
  });

  it('passes an untouched log, reading it in batches, and reports the head', async () => {
    const progress: number[][] = [];
    const result = await verifyAuditLog(db(), {
      batchSize: 2,
      onProgress: (checked, total) => progress.push([checked, total]),
    });
    expect(result).toEqual({ ok: true, checked: 5, head: { seq: 5, hash: (await entry(db(), 5)).hash } });
    expect(progress).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
  });

  it('names an edited entry', async () => {
    await tamper(db(), `update audit_log set details = '{"role": "practice_admin"}' where seq = 3`);
    const result = await verifyAuditLog(db(), { batchSize: 2 });
    expect(result).toMatchObject({
      ok: false,
      checked: 2,
      problem: {
        seq: 3,
        kind: 'modified',
        entry: { seq: 3, id: ids[2], action: 'event.3', at: '2025-01-01T00:00:03.000Z' },
      },
    });
    expect(result.problem?.message).toBe(
      `entry seq 3 (id ${ids[2]}, event.3 at 2025-01-01T00:00:03.000Z) does not match its hash: it was modified (HMAC under audit key t1: a hash recomputed without the key cannot match)`,
    );
  });

  it('names an edited entry whose plain SHA-256 was recomputed (no key) as modified', async () => {
    const edited = { ...(await entry(db(), 3)), action: 'event.harmless' };
    const { hash: _old, ...content } = edited;
    await tamper(db(), `update audit_log set action = 'event.harmless', hash = '${auditHash(content)}' where seq = 3`);
    const result = await verifyAuditLog(db());
    expect(result.problem).toMatchObject({ seq: 3, kind: 'modified', entry: { seq: 3, action: 'event.harmless' } });
  });

  it('catches an edit whose keyed hash was recomputed (with the key) at the next entry', async () => {
    const edited = { ...(await entry(db(), 3)), action: 'event.harmless' };
    const { hash: _old, ...content } = edited;
    const rehashed = new AuditMac(testAuditKeyBytes).hex(canonicalEntry(content));
    await tamper(db(), `update audit_log set action = 'event.harmless', hash = '${rehashed}' where seq = 3`);
    const result = await verifyAuditLog(db());
    expect(result.problem).toMatchObject({ seq: 4, kind: 'reordered', entry: { seq: 4, id: ids[3] } });
    expect(result.problem?.message).toContain('does not follow entry 3');
  });

  it('names the gap a deleted entry leaves', async () => {
    await tamper(db(), 'delete from audit_log where seq = 3');
    const result = await verifyAuditLog(db());
    expect(result).toMatchObject({
      ok: false,
      checked: 2,
      problem: { seq: 3, kind: 'deleted', entry: { seq: 4, id: ids[3], action: 'event.4' } },
    });
    expect(result.problem?.message).toBe(
      `entry 3 is missing (deleted) before seq 4 (id ${ids[3]}, event.4 at 2025-01-01T00:00:04.000Z)`,
    );
  });

  it('notices the first entries missing', async () => {
    await tamper(db(), 'delete from audit_log where seq <= 2');
    const result = await verifyAuditLog(db());
    expect(result.problem).toMatchObject({ seq: 1, kind: 'deleted', entry: { seq: 3 } });
    expect(result.problem?.message).toMatch(/^entries 1 to 2 are missing/);
  });

  it('names swapped entries as reordered', async () => {
    await tamper(
      db(),
      'update audit_log set seq = -2 where seq = 2',
      'update audit_log set seq = 2 where seq = 4',
      'update audit_log set seq = 4 where seq = -2',
    );
    const result = await verifyAuditLog(db());
    expect(result.problem).toMatchObject({
      seq: 2,
      kind: 'reordered',
      entry: { seq: 2, id: ids[3], action: 'event.4' },
    });
    expect(result.problem?.message).toContain('was written as seq 4: entries were reordered');
  });

  it('sees through a deletion hidden by renumbering the rest and moving the head', async () => {
    await tamper(db(), 'delete from audit_log where seq = 3', 'update audit_log set seq = seq - 1 where seq > 3');
    await db().query('update audit_head set seq = 4, hash = (select hash from audit_log where seq = 4)');
    const result = await verifyAuditLog(db());
    expect(result.problem).toMatchObject({ seq: 3, kind: 'deleted', entry: { seq: 3, id: ids[3] } });
    expect(result.problem?.message).toContain(
      'was written as seq 4: entries before it were deleted and the rest renumbered',
    );
  });

  it('detects a truncated tail through the head', async () => {
    await tamper(db(), 'delete from audit_log where seq = 5');
    const result = await verifyAuditLog(db());
    expect(result).toMatchObject({
      ok: false,
      checked: 4,
      problem: { seq: 5, kind: 'head_mismatch', entry: { seq: 4, id: ids[3] } },
    });
    expect(result.problem?.message).toContain(
      'entries 5 to 5 are missing at the end (deleted): the head records seq 5',
    );
  });

  it('detects a rewritten head and entries inserted beyond it', async () => {
    await db().query(`update audit_head set hash = repeat('f', 64)`);
    expect((await verifyAuditLog(db())).problem).toMatchObject({ seq: 5, kind: 'head_mismatch', entry: { seq: 5 } });
    await db().query('update audit_head set hash = (select hash from audit_log where seq = 5)');
    await db()
      .query(`insert into audit_log select 6, gen_random_uuid(), at, actor_type, actor_id, actor_label, practice_id, 'event.forged',
      target_type, target_id, ip, user_agent, request_id, details, hash, repeat('a', 64) from audit_log where seq = 5`);
    const result = await verifyAuditLog(db());
    expect(result).toMatchObject({
      ok: false,
      checked: 5,
      problem: { seq: 6, kind: 'head_mismatch', entry: { seq: 6, action: 'event.forged' } },
    });
    await db().query('delete from audit_head');
    expect((await verifyAuditLog(db())).problem).toMatchObject({ seq: 0, kind: 'head_mismatch' });
  });

  // Five entries in batches of 1, 2 or 3 are checked batch by batch, each against the last entry
  // of the batch before; in one batch of 10,000, in one pass on this thread. Both must find the
  // same first problem. Batches of 2 go through the worker threads, the others are checked on this
  // thread (the same checkBatch): a worker started from the sources loads tsx first, some 0.3 s of
  // CPU, which three runs with two workers each made most of this file's time.
  const tamperings: [string, string[]][] = [
    ['an edit in a later batch', [`update audit_log set details = '{"role": "owner"}' where seq = 4`]],
    ['an edit of the last entry', [`update audit_log set action = 'event.other' where seq = 5`]],
    ['a gap at the start of a batch', ['delete from audit_log where seq = 3']],
    [
      'entries swapped across batches',
      [
        'update audit_log set seq = -2 where seq = 2',
        'update audit_log set seq = 2 where seq = 4',
        'update audit_log set seq = 4 where seq = -2',
      ],
    ],
    [
      'a deletion hidden by renumbering',
      ['delete from audit_log where seq = 2', 'update audit_log set seq = seq - 1 where seq > 2'],
    ],
    ['a broken link', [`update audit_log set prev_hash = repeat('1', 64) where seq = 3`]],
    ['a truncated tail', ['delete from audit_log where seq >= 4']],
    ['nothing', []],
  ];
  it.each(tamperings)('reports %s the same batch by batch as in one pass', async (_name, statements) => {
    await tamper(db(), ...statements);
    const expected = await verifyAuditLog(db());
    for (const batchSize of [1, 2, 3]) {
      const progress: number[] = [];
      const result = await verifyAuditLog(db(), {
        batchSize,
        threads: batchSize === 2 ? 2 : 0,
        onProgress: (checked) => progress.push(checked),
      });
      expect(result).toEqual(expected);
      expect(progress.at(-1) ?? 0).toBeLessThanOrEqual(result.checked);
    }
    expect(expected.ok).toBe(statements.length === 0);
  });
});
