import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { newId } from '../ids.ts';
import { appendAudit, type AuditEvent } from './append.ts';
import { auditEntrySchema, auditPageSchema, auditSearchQuerySchema, type AuditEntry } from './schema.ts';
import { auditCsv, searchAudit, type AuditFilter } from './search.ts';

const p1 = newId();
const p2 = newId();
const alice = newId();
const bob = newId();
const minute = (m: number) => new Date(Date.UTC(2025, 0, 1, 10, m));

// seq: practice, actor, action, minute
const events: AuditEvent[] = [
  { at: minute(0), practiceId: p1, actorType: 'user', actorId: alice, action: 'auth.sign_in.succeeded' },
  { at: minute(1), practiceId: p2, actorType: 'user', actorId: bob, action: 'auth.sign_in.failed' },
  {
    at: minute(2),
    practiceId: null,
    actorType: 'anonymous',
    action: 'auth.sign_in.failed',
    details: { email: 'nobody@example.org' },
  },
  { at: minute(3), practiceId: p1, actorType: 'user', actorId: bob, action: 'practice.updated' },
  { at: minute(4), practiceId: p1, actorType: 'user', actorId: alice, action: 'authz.check' },
  { at: minute(5), practiceId: p1, actorType: 'user', actorId: alice, action: 'auth_legacy.used' },
];

describeEachEngine('searchAudit', (db) => {
  beforeAll(async () => {
    for (const event of events) await db().db.transaction((tx) => appendAudit(tx, event));
  });

  const seqs = async (filter: Partial<AuditFilter>) =>
    (await searchAudit(db().db, { practiceIds: null, limit: 100, ...filter })).entries.map((e) => e.seq);

  it('keeps to the practices the caller may see; entries of no practice only for all', async () => {
    expect(await seqs({ practiceIds: [p1] })).toEqual([6, 5, 4, 1]);
    expect(await seqs({ practiceIds: [p1, p2] })).toEqual([6, 5, 4, 2, 1]);
    expect(await seqs({ practiceIds: null })).toEqual([6, 5, 4, 3, 2, 1]);
    expect(await seqs({ practiceIds: [] })).toEqual([]);
  });

  it('filters by actor, action prefix (wildcards literal) and a half-open time range', async () => {
    expect(await seqs({ actorId: alice })).toEqual([6, 5, 1]);
    expect(await seqs({ action: 'auth.' })).toEqual([3, 2, 1]);
    expect(await seqs({ action: 'auth.sign_in.failed', practiceIds: [p2] })).toEqual([2]);
    expect(await seqs({ action: 'auth_' })).toEqual([6]);
    expect(await seqs({ from: minute(1), to: minute(3) })).toEqual([3, 2]);
  });

  it('pages newest first by cursor', async () => {
    const first = await searchAudit(db().db, { practiceIds: null, limit: 2 });
    expect([first.entries.map((e) => e.seq), first.next]).toEqual([[6, 5], '5']);
    const second = await searchAudit(db().db, { practiceIds: null, limit: 2, cursor: 5 });
    expect([second.entries.map((e) => e.seq), second.next]).toEqual([[4, 3], '3']);
    const last = await searchAudit(db().db, { practiceIds: null, limit: 2, cursor: 3 });
    expect([last.entries.map((e) => e.seq), last.next]).toEqual([[2, 1], null]);
  });

  it('presents entries in the shared schema', async () => {
    const page = await searchAudit(db().db, { practiceIds: null, limit: 1, cursor: 4 });
    expect(auditPageSchema.parse(page)).toEqual(page);
    expect(page.entries[0]).toEqual({
      seq: 3,
      id: expect.any(String),
      at: '2025-01-01T10:02:00.000Z',
      actorType: 'anonymous',
      actorId: null,
      actorLabel: null,
      practiceId: null,
      action: 'auth.sign_in.failed',
      targetType: null,
      targetId: null,
      ip: null,
      userAgent: null,
      requestId: null,
      details: { email: 'nobody@example.org' },
    });
  });
});

describe('auditSearchQuerySchema', () => {
  it('reads a query string and bounds the page size', () => {
    expect(
      auditSearchQuerySchema.parse({ limit: '50', cursor: '10', action: 'auth.', from: '2025-01-01T00:00:00Z' }),
    ).toEqual({
      limit: 50,
      cursor: 10,
      action: 'auth.',
      from: '2025-01-01T00:00:00Z',
    });
    expect(auditSearchQuerySchema.parse({})).toEqual({ limit: 100 });
    expect(auditSearchQuerySchema.safeParse({ limit: '501' }).success).toBe(false);
    expect(auditSearchQuerySchema.safeParse({ action: "x' or 1=1" }).success).toBe(false);
    expect(auditSearchQuerySchema.safeParse({ practiceId: 'p1' }).success).toBe(false);
  });
});

describe('auditCsv', () => {
  const base: AuditEntry = {
    seq: 7,
    id: '6f1c2b1e-9d1a-4c55-8f7e-2d3c4b5a6978',
    at: '2025-01-01T10:00:00.000Z',
    actorType: 'anonymous',
    actorId: null,
    actorLabel: '=HYPERLINK("http://evil.example","click")',
    practiceId: null,
    action: 'auth.sign_in.failed',
    targetType: null,
    targetId: null,
    ip: '192.0.2.1',
    userAgent: 'Mozilla, "quoted"\nnext line',
    requestId: '-1+2',
    details: { email: '@x' },
  };

  it('writes RFC 4180 with every field quoted and formulas defused', () => {
    expect(auditEntrySchema.parse(base)).toEqual(base);
    expect(auditCsv([base])).toBe(
      '"seq","at","actor_type","actor_id","actor_label","practice_id","action","target_type","target_id","ip","user_agent","request_id","details"\r\n' +
        '"7","2025-01-01T10:00:00.000Z","anonymous","","\'=HYPERLINK(""http://evil.example"",""click"")","","auth.sign_in.failed","","","192.0.2.1",' +
        '"Mozilla, ""quoted""\nnext line","\'-1+2","{""email"":""@x""}"\r\n',
    );
    for (const start of ['+', '@', '\t', '\r'])
      expect(auditCsv([{ ...base, actorLabel: `${start}cmd` }])).toContain(`"'${start}cmd"`);
    expect(auditCsv([])).toBe(auditCsv([base]).split('\r\n')[0] + '\r\n');
  });
});
