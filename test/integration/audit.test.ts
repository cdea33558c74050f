/**
 * The audit log of a practice over HTTP: the entries recorded in that practice and nothing else
 * (not other practices' entries, not the practice-less sign-in, MFA and sign-out events of its
 * members), held by row-level security as well as by the query; and the CSV export of every
 * matching entry.
 */
import { beforeAll, expect, it } from 'vitest';
import { appendAudit } from '../../src/core/audit/append.ts';
import { auditPageSchema, type AuditEntry } from '../../src/core/audit/schema.ts';
import { auditExportTruncatedLine, exportAuditCsv } from '../../src/core/audit/search.ts';
import { auditLog } from '../../src/core/audit/tables.ts';
import { withTenant } from '../../src/core/tenancy/with-tenant.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, worldPassword, type SignedIn, type World } from '../support/world.ts';

const bulk = 1234;

describeEachEngine('practice audit log', (db) => {
  let world: World;
  let sessions: { a: SignedIn; b: SignedIn; c: SignedIn };
  let otherPracticeId: string;

  beforeAll(async () => {
    world = await buildWorld(db());
    const { users, practices } = world;
    // Practice-less auth events: a member of A signs in, fails once and signs out; a member of C
    // only signs in; an unknown address fails.
    const staff = await signInAs(world, users.staff);
    await world.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: as(staff) });
    const signIn = (email: string, password: string) =>
      world.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
    expect((await signIn(users.staff.email, 'not the password at all')).statusCode).toBe(401);
    expect((await signIn('nobody@nowhere.example', worldPassword)).statusCode).toBe(401);
    sessions = {
      a: await signInAs(world, users.auditor),
      b: await signInAs(world, users.mspAdmin),
      c: await signInAs(world, users.otherAdmin),
    };
    // An entry of practice B, by someone who is a member of A as well.
    const renamed = await world.app.inject({
      method: 'PATCH',
      url: `/api/v1/practices/${practices.b}`,
      headers: as(sessions.b),
      payload: { name: 'Birch Pediatrics & Family' },
    });
    expect(renamed.statusCode).toBe(200);
    otherPracticeId = practices.b;
    // More entries of practice A than one page (500) holds.
    await db().db.transaction(async (tx) => {
      for (let n = 0; n < bulk; n += 1) {
        await appendAudit(tx, {
          at: world.clock.now(),
          actorType: 'system',
          actorLabel: 'bulk',
          practiceId: practices.a,
          action: 'test.bulk',
          details: { n },
        });
      }
    });
  });

  async function entries(session: SignedIn, practiceId: string, query = ''): Promise<AuditEntry[]> {
    const all: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const res: { statusCode: number; json(): unknown } = await world.app.inject({
        method: 'GET',
        url: `/api/v1/practices/${practiceId}/audit?limit=500${query}${cursor ? `&cursor=${cursor}` : ''}`,
        headers: as(session),
      });
      expect(res.statusCode).toBe(200);
      const page = auditPageSchema.parse(res.json());
      all.push(...page.entries);
      cursor = page.next;
    } while (cursor);
    return all;
  }

  const signInsOf = (list: AuditEntry[], userId: string) =>
    list.filter((e) => e.actorId === userId && e.action.startsWith('auth.')).map((e) => e.action);

  it("shows a practice none of the practice-less sign-in events, its members' included", async () => {
    const { practices, users } = world;
    expect(await entries(sessions.a, practices.a, '&action=auth.')).toEqual([]);
    expect(await entries(sessions.c, practices.c, '&action=auth.')).toEqual([]);
    expect(await entries(sessions.b, otherPracticeId, '&action=auth.')).toEqual([]);
    // The sign-ins are in the log all the same.
    const logged = await db().query<{ n: number }>(
      `select count(*)::int as n from audit_log where actor_id = $1 and action like 'auth.%'`,
      [users.staff.id],
    );
    expect(logged[0]?.n).toBe(3);
  });

  it("keeps other practices' entries out, and the filters still apply", async () => {
    const { users, practices } = world;
    const all = await entries(sessions.a, practices.a);
    expect(all.filter((e) => e.practiceId !== practices.a)).toEqual([]);
    expect(all.some((e) => e.action === 'practice.updated')).toBe(false);
    expect(signInsOf(all, users.staff.id)).toEqual([]);
    const inB = await entries(sessions.b, otherPracticeId, `&actorId=${users.mspAdmin.id}`);
    expect(inB.map((e) => e.action)).toEqual(['practice.updated']);
    expect(await entries(sessions.a, practices.a, `&actorId=${users.mspAdmin.id}`)).toEqual([]);
  });

  it('is held by row-level security too: tandem_app reads no other rows, whatever the query', async () => {
    const { users, practices } = world;
    const rows = await withTenant(db().db, practices.a, (tx) => tx.select().from(auditLog));
    expect(rows.length).toBeGreaterThanOrEqual(bulk);
    expect(rows.filter((r) => r.practiceId !== practices.a)).toEqual([]);
    expect(rows.some((r) => r.actorId === users.staff.id)).toBe(false);
  });

  it('exports every matching entry as CSV, not just the first page', async () => {
    const res = await world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${world.practices.a}/audit.csv?action=test.bulk`,
      headers: as(sessions.a),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['x-tandem-export-truncated']).toBe('false');
    expect(res.headers['x-tandem-export-limit']).toBe('100000');
    const lines = res.body.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toMatch(/^"seq","at",/);
    const rows = lines.slice(1);
    expect(rows).toHaveLength(bulk);
    const ns = rows.map((line) => Number(/\{""n"":(\d+)\}"$/.exec(line)?.[1]));
    expect(ns).toEqual(Array.from({ length: bulk }, (_, i) => bulk - 1 - i));

    // Everything at once: the bulk entries, and no sign-ins.
    const everything = await world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${world.practices.a}/audit.csv`,
      headers: as(sessions.a),
    });
    expect(everything.body).not.toContain('auth.sign_out');
    expect(everything.body).not.toContain('owner@lakeside.example');
    expect(everything.body.split('\r\n').length).toBeGreaterThan(bulk + 1);

    // Paging parameters do not apply to an export.
    const paged = await world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${world.practices.a}/audit.csv?limit=10`,
      headers: as(sessions.a),
    });
    expect(paged.statusCode).toBe(400);
  });

  it('stops an export at its maximum and says so on the last line', async () => {
    const practiceId = world.practices.a;
    const exported = await exportAuditCsv(
      (fn) => withTenant(db().db, practiceId, fn),
      {
        practiceIds: [practiceId],
        action: 'test.bulk',
      },
      600,
    );
    expect(exported.truncated).toBe(true);
    let text = '';
    for await (const chunk of exported.chunks) text += chunk;
    const lines = text.split('\r\n').slice(1, -1);
    expect(lines).toHaveLength(601);
    expect(lines.at(-2)).toContain(`{""n"":${bulk - 600}}`);
    expect(`${lines.at(-1)}\r\n`).toBe(auditExportTruncatedLine(600));

    const exact = await exportAuditCsv(
      (fn) => withTenant(db().db, practiceId, fn),
      {
        practiceIds: [practiceId],
        action: 'test.bulk',
      },
      bulk,
    );
    expect(exact.truncated).toBe(false);
  });
});
