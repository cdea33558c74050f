import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.ts';
import type { Database } from '../db/database.ts';
import { encryptField } from '../crypto/field-encryption.ts';
import { newId } from '../ids.ts';
import { withTenant } from '../tenancy/with-tenant.ts';
import { appendAudit, diffForAudit, type AuditEvent } from './append.ts';
import { genesisHash } from './hash.ts';
import { testAuditKeyBytes } from '../../../test/support/audit-key.ts';
import { verifyAuditLog } from './verify.ts';

const at = new Date('2025-03-04T05:06:07.089Z');
const event = (overrides: Partial<AuditEvent> = {}): AuditEvent => ({
  at,
  actorType: 'system',
  action: 'test.event',
  ...overrides,
});

interface Row extends Record<string, unknown> {
  seq: number | string;
  id: string;
  details: unknown;
  prev_hash: string;
  hash: string;
}

async function rows(database: Database): Promise<Row[]> {
  return database.query<Row>(
    'select seq, id, action, practice_id, details, prev_hash, hash from audit_log order by seq',
  );
}

async function head(database: Database) {
  const [h] = await database.query<{ seq: number | string; hash: string }>('select seq, hash from audit_head');
  return { seq: Number(h?.seq), hash: h?.hash };
}

describeEachEngine('appendAudit', (db) => {
  it('writes the hash over the canonical JSON of every column, chained to the head', async () => {
    const before = await head(db());
    const actorId = newId();
    const practiceId = newId();
    await db().db.transaction((tx) =>
      appendAudit(tx, {
        at,
        actorType: 'user',
        actorId,
        actorLabel: 'ada@example.org',
        practiceId,
        action: 'user.created',
        targetType: 'user',
        targetId: 'u-1',
        ip: '192.0.2.7',
        userAgent: 'curl/8',
        requestId: 'req-1',
        details: { zeta: 1, alpha: { b: true, a: [1, 'x'] } },
      }),
    );
    const [row] = (await rows(db())).slice(-1);
    const seq = before.seq + 1;
    expect(Number(row?.seq)).toBe(seq);
    expect(row?.prev_hash).toBe(before.hash);
    // Written out by hand: keys sorted at every depth, no whitespace.
    const canonical =
      `{"action":"user.created","actor_id":"${actorId}","actor_label":"ada@example.org","actor_type":"user",` +
      `"at":"2025-03-04T05:06:07.089Z","details":{"alpha":{"a":[1,"x"],"b":true},"zeta":1},"id":"${row?.id}",` +
      `"ip":"192.0.2.7","practice_id":"${practiceId}","prev_hash":"${before.hash}","request_id":"req-1","seq":${seq},` +
      `"target_id":"u-1","target_type":"user","user_agent":"curl/8"}`;
    // HMAC-SHA256 under the audit key (migration 0012), as node:crypto computes it.
    expect(row?.hash).toBe(createHmac('sha256', testAuditKeyBytes).update(canonical).digest('hex'));
    expect(await head(db())).toEqual({ seq, hash: row?.hash });
  });

  it('links each entry to the one before, from the zero hash', async () => {
    for (const action of ['a.one', 'a.two', 'a.three'])
      await db().db.transaction((tx) => appendAudit(tx, event({ action })));
    const all = await rows(db());
    expect(all[0]?.prev_hash).toBe(genesisHash);
    all.forEach((row, i) => {
      expect(Number(row.seq)).toBe(i + 1);
      if (i > 0) expect(row.prev_hash).toBe(all[i - 1]?.hash);
    });
    expect((await verifyAuditLog(db())).ok).toBe(true);
  });

  it('rolls back with the caller’s transaction', async () => {
    const before = await head(db());
    await expect(
      db().db.transaction(async (tx) => {
        await appendAudit(tx, event({ action: 'never.happened' }));
        throw new Error('the audited change failed');
      }),
    ).rejects.toThrow('the audited change failed');
    expect(await head(db())).toEqual(before);
    expect((await rows(db())).map((r) => r.action)).not.toContain('never.happened');
  });

  it('appends as tandem_app under row-level security, only for its own practice or none', async () => {
    const practiceId = newId();
    await withTenant(db().db, practiceId, async (tx) => {
      await appendAudit(tx, event({ practiceId, action: 'tenant.own' }));
      await appendAudit(tx, event({ practiceId: null, action: 'tenant.none' }));
    });
    // The read policy shows tandem_app its practice's entries only. (On PostgreSQL the entries are
    // written with the commit, so they are read in a transaction of their own.)
    const visible = await withTenant(db().db, practiceId, (tx) => tx.execute(sql`select action from audit_log`));
    expect((visible as unknown as { rows: { action: string }[] }).rows.map((r) => r.action)).toEqual(['tenant.own']);
    const refused = await withTenant(db().db, practiceId, (tx) =>
      appendAudit(tx, event({ practiceId: newId(), action: 'tenant.other' })),
    ).catch((err: Error) => err);
    // Drizzle wraps the driver's error (the database's reason is its cause), unless the entry was
    // sent with the commit (PostgreSQL), where the driver's error arrives as it is.
    // The append function runs as its owner (migration 0012) and enforces the tenant rule itself.
    const reason = refused instanceof Error ? ((refused.cause as Error | undefined) ?? refused) : undefined;
    expect(String(reason?.message)).toMatch(/an entry of another practice/);
    expect((await rows(db())).map((r) => r.action)).toEqual(expect.arrayContaining(['tenant.own', 'tenant.none']));
    expect((await verifyAuditLog(db())).ok).toBe(true);
  });

  it('leaves tandem_app no way to write the log, move the head or reach the checkpoints but the append function', async () => {
    const practiceId = newId();
    const attempts = {
      insert: `insert into audit_log (seq, id, at, actor_type, action, details, prev_hash, hash)
               values (100000, gen_random_uuid(), now(), 'system', 'forged', '{}', '', '')`,
      moveHead: `update audit_head set seq = 0, hash = repeat('0', 64) where id = 1`,
      deleteHead: 'delete from audit_head',
      readCheckpoints: 'select * from audit_checkpoints',
      writeCheckpoint: `insert into audit_checkpoints (seq, hash, at, key_id, signature) values (1, '', now(), 'x', '')`,
      unkeyedAppend: `select tandem_append_audit('{', ',', '}', gen_random_uuid(), now(), 'system', null, null, null,
                      'x', null, null, null, null, null, '{}', null, null, null)`,
    };
    for (const [name, statement] of Object.entries(attempts)) {
      const refused = await withTenant(db().db, practiceId, (tx) => tx.execute(sql.raw(statement))).catch(
        (err: Error) => err,
      );
      expect(refused instanceof Error ? String((refused.cause as Error | undefined)?.message) : name).toMatch(
        /permission denied|audit key is required/,
      );
    }
    // It may still read the head (the CSV export pages from it).
    const read = await withTenant(db().db, practiceId, (tx) => tx.execute(sql`select seq from audit_head`));
    expect((read as unknown as { rows: unknown[] }).rows).toHaveLength(1);
  });

  it('keeps concurrent appenders on one unbroken chain', async () => {
    const before = await head(db());
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        db().db.transaction((tx) => appendAudit(tx, event({ action: `parallel.${i}` }))),
      ),
    );
    expect((await head(db())).seq).toBe(before.seq + 30);
    expect(await verifyAuditLog(db())).toMatchObject({ ok: true, checked: before.seq + 30 });
  });

  it('stores what it hashed: dates as ISO strings, no undefined, no NUL or lone surrogates', async () => {
    await db().db.transaction((tx) =>
      appendAudit(
        tx,
        event({
          actorLabel: 'nul\u0000byte',
          userAgent: 'half \ud83d',
          details: { when: new Date(0), gone: undefined, ['k\u0000']: 'v\ud800' },
        }),
      ),
    );
    const [row] = await db().query<{ actor_label: string; user_agent: string; details: unknown }>(
      'select actor_label, user_agent, details from audit_log order by seq desc limit 1',
    );
    expect(row).toEqual({
      actor_label: 'nul\uFFFDbyte',
      user_agent: 'half \uFFFD',
      details: { when: '1970-01-01T00:00:00.000Z', 'k\uFFFD': 'v\uFFFD' },
    });
    expect((await verifyAuditLog(db())).ok).toBe(true);
  });

  it('refuses to append without a chain head rather than start a second chain', async () => {
    await expect(
      db().db.transaction(async (tx) => {
        await tx.execute(sql`delete from audit_head`);
        await appendAudit(tx, event());
      }),
    ).rejects.toThrow('audit_head has no row');
    expect((await head(db())).seq).toBeGreaterThan(0);
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await db().db.transaction((tx) => appendAudit(tx, event()));
    await expect(db().query("update audit_log set action = 'rewritten'")).rejects.toThrow(
      'audit_log is append-only: UPDATE refused',
    );
    await expect(db().query('delete from audit_log')).rejects.toThrow('audit_log is append-only: DELETE refused');
    await expect(db().query('truncate audit_log')).rejects.toThrow('audit_log is append-only: TRUNCATE refused');
    expect((await verifyAuditLog(db())).ok).toBe(true);
  });
});

describe('diffForAudit', () => {
  it('lists changed fields only, absent as null, dates as ISO strings', () => {
    expect(
      diffForAudit(
        { name: 'Old', city: 'Oslo', tags: ['a'], since: new Date(0), removed: 1 },
        { name: 'New', city: 'Oslo', tags: ['a'], since: new Date(0), added: { b: 1, a: 2 } },
        { redact: [] },
      ),
    ).toEqual({
      name: { before: 'Old', after: 'New' },
      removed: { before: 1, after: null },
      added: { before: null, after: { b: 1, a: 2 } },
    });
    expect(diffForAudit({ nested: { a: 1, b: 2 } }, { nested: { b: 2, a: 1 } }, { redact: [] })).toEqual({});
  });

  it('redacts PHI fields it is told about, secret-looking fields and encrypted values', () => {
    const keyring = { currentId: 'k1', keys: new Map([['k1', Buffer.alloc(32, 1)]]) };
    const diff = diffForAudit(
      { patientName: 'Jane Roe', phone: null, passwordHash: 'old', note: encryptField(keyring, 'x'), role: 'staff' },
      {
        patientName: 'Jane Doe',
        phone: '555-0100',
        passwordHash: 'new',
        note: encryptField(keyring, 'y'),
        role: 'admin',
      },
      { redact: ['patientName', 'phone'] },
    );
    expect(diff).toEqual({
      patientName: { before: '[redacted]', after: '[redacted]' },
      phone: { before: null, after: '[redacted]' },
      passwordHash: { before: '[redacted]', after: '[redacted]' },
      note: { before: '[redacted]', after: '[redacted]' },
      role: { before: 'staff', after: 'admin' },
    });
    expect(JSON.stringify(diff)).not.toMatch(/Jane|555|enc:v1/);
  });
});
