/**
 * Ticket numbers and the queue filters agents expect, over HTTP on both engines: per-practice
 * sequential numbers (T-1, T-2, ...) with no duplicates or gaps when tickets are opened at once,
 * GET by number and `q`; "mine" (tickets the caller took), "my party" (held by the caller's side)
 * and "due soon" (a clock due within N minutes, breached ones included).
 *
 * Practice A is in America/Chicago; the IT desk opens Monday to Friday 08:00-18:00. Tickets are
 * opened Tuesday 2026-11-24 at 08:00 local (14:00Z), so (default targets, hand-worked):
 * T-1 P1: first response due 08:15, resolution 12:00; T-2 P2: response 09:00, resolution 18:00;
 * T-3 P4: response 18:00 (a business day is 600 minutes).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { withTenant } from '../../src/core/tenancy/with-tenant.ts';
import type { Desk } from '../../src/desk/desk-schema.ts';
import type { Ticket, TicketSummary } from '../../src/desk/ticket-schema.ts';
import { eventsOfMany } from '../../src/desk/ticket-store.ts';
import { describeEachEngine } from '../support/databases.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('service desk: ticket numbers and queue filters', (db) => {
  let world: World;
  let s: Record<'staff' | 'tech' | 'it' | 'admin' | 'msp' | 'other', SignedIn>;
  let base: string;
  let itDesk: Desk;
  const numbered: Record<string, Ticket> = {};

  const call = (who: SignedIn, method: 'GET' | 'POST', url: string, payload?: object) =>
    world.app.inject({ method, url: `${base}${url}`, headers: as(who), ...(payload ? { payload } : {}) });
  const ok = async <T>(who: SignedIn, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await call(who, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  /** The numbers a queue lists, in ascending order (the test clock stands still, so tickets share a time). */
  const numbers = async (who: SignedIn, query: string) =>
    (await ok<{ tickets: TicketSummary[] }>(who, 'GET', `/tickets?${query}`)).tickets
      .map((t) => t.number)
      .sort((a, b) => a - b);
  const open = (who: SignedIn, impact: string, urgency: string, title: string) =>
    ok<Ticket>(who, 'POST', '/tickets', {
      deskId: itDesk.id,
      category: 'email',
      impact,
      urgency,
      title,
      description: 'd',
    });

  /** Sets the clock to `iso`, signing everyone in afresh there (sessions end when idle for long). */
  const at = async (iso: string) => {
    world.clock.set(new Date(iso));
    const u = world.users;
    s = {
      staff: await signInAs(world, u.staff),
      tech: await signInAs(world, u.technician),
      it: await signInAs(world, u.internalIt),
      admin: await signInAs(world, u.practiceAdmin),
      msp: await signInAs(world, u.mspAdmin),
      other: await signInAs(world, u.otherAdmin),
    };
    world.clock.set(new Date(iso));
  };

  beforeAll(async () => {
    world = await buildWorld(db());
    await at('2026-11-24T14:00:00Z');
    base = `/api/v1/practices/${world.practices.a}`;
    itDesk = (await ok<{ desks: Desk[] }>(s.staff, 'GET', '/desks')).desks.find((d) => d.kind === 'it')!;
    const versions = '/matrix/versions';
    const draft = await ok<{ number: number }>(s.admin, 'POST', versions, {
      source: { kind: 'matrix', matrix: smallMatrix() },
    });
    await ok(s.admin, 'POST', `${versions}/${draft.number}/propose`, {});
    await ok(s.msp, 'POST', `${versions}/${draft.number}/agree`, {});
    numbered.p1 = await open(s.staff, 'high', 'high', 'Server down');
    numbered.p2 = await open(s.staff, 'medium', 'high', 'Printer jam');
    numbered.p4 = await open(s.staff, 'low', 'low', 'New mouse');
  });

  it('numbers tickets per practice from T-1, and opened at once they get consecutive numbers', async () => {
    expect([numbered.p1!.number, numbered.p2!.number, numbered.p4!.number]).toEqual([1, 2, 3]);
    const together = await Promise.all(Array.from({ length: 8 }, (_, i) => open(s.staff, 'low', 'low', `Burst ${i}`)));
    expect(together.map((t) => t.number).sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    // Another practice counts on its own.
    const elsewhere = `/api/v1/practices/${world.practices.c}`;
    const { desks } = await (
      await world.app.inject({ method: 'GET', url: `${elsewhere}/desks`, headers: as(s.other) })
    ).json();
    const first = await world.app.inject({
      method: 'POST',
      url: `${elsewhere}/tickets`,
      headers: as(s.other),
      payload: { deskId: desks[0].id, category: 'email', impact: 'low', urgency: 'low', title: 't', description: 'd' },
    });
    expect(first.json().number).toBe(1);
  });

  it('reads the histories of any number of tickets, events of one instant in the order written', async () => {
    // More ids than PostgreSQL's 65,535 bind parameters: the SLA report of a busy year asks this many.
    const ids = [numbered.p2!.id, ...Array.from({ length: 70_000 }, () => randomUUID())];
    const histories = await withTenant(db().db, world.practices.a, (tx) => eventsOfMany(tx, ids));
    expect(histories.size).toBe(70_001);
    // The clock stands still, so opening and routing share an instant: opened first, then assigned.
    const events = histories.get(numbered.p2!.id)!;
    expect(events.map((e) => e.kind)).toEqual(['created', 'assigned']);
    expect(events[0]!.at).toEqual(events[1]!.at);
  });

  it('finds a ticket by number, in the path and as q, refusing a path that is not a number', async () => {
    expect((await ok<Ticket>(s.tech, 'GET', '/ticket-numbers/T-2')).id).toBe(numbered.p2!.id);
    expect((await ok<Ticket>(s.staff, 'GET', '/ticket-numbers/2')).title).toBe('Printer jam');
    const missing = await call(s.tech, 'GET', '/ticket-numbers/T-999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('No ticket T-999 in this practice');
    const bad = await call(s.tech, 'GET', '/ticket-numbers/abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toContain('params.reference');
    expect(await numbers(s.tech, 'q=T-2')).toEqual([2]);
    expect(await numbers(s.tech, 'q=t3')).toEqual([3]);
    expect(await numbers(s.tech, 'q=T-404')).toEqual([]);
    // Not a number: words (service-desk-search.test.ts).
    expect(await numbers(s.tech, 'q=printer')).toEqual([2]);
  });

  it('lists due soon by wall-clock minutes, breached ones included', async () => {
    // 08:10 local: T-1's response (08:15) is within 10 minutes; T-2's (09:00) within 60.
    await at('2026-11-24T14:10:00Z');
    const firstThree = (list: number[]) => list.filter((n) => n <= 3);
    expect(firstThree(await numbers(s.tech, 'dueWithin=10'))).toEqual([1]);
    expect(firstThree(await numbers(s.tech, 'dueWithin=60'))).toEqual([1, 2]);
    expect(await numbers(s.tech, 'breached=true')).toEqual([]);
    // 08:20: T-1's response is breached, and still "due within 10 minutes".
    await at('2026-11-24T14:20:00Z');
    expect(await numbers(s.tech, 'breached=true')).toEqual([1]);
    expect(firstThree(await numbers(s.tech, 'dueWithin=10'))).toEqual([1]);
    const bad = await call(s.tech, 'GET', '/tickets?dueWithin=0');
    expect(bad.statusCode).toBe(400);
  });

  it('lists mine (tickets I took) and my party (held by my side), a reassignment clearing the taker', async () => {
    await ok(s.tech, 'POST', `/tickets/${numbered.p1!.id}/assignment`, { partyId: 'msp-desk', reason: 'MSP has it' });
    await ok(s.tech, 'POST', `/tickets/${numbered.p4!.id}/assignment`, { partyId: 'dana', reason: 'Dana has it' });
    const taken = await ok<Ticket>(s.tech, 'POST', `/tickets/${numbered.p1!.id}/take`, {});
    expect(taken.agent).toEqual({ id: world.users.technician.id, label: 'tech@harbor.example' });
    expect(taken.events.at(-1)).toMatchObject({ kind: 'taken', actor: 'tech@harbor.example' });
    expect(await numbers(s.tech, 'mine=true')).toEqual([1]);
    expect(await numbers(s.it, 'mine=true')).toEqual([]);
    expect(await numbers(s.tech, 'myParty=true')).toEqual([1]);
    expect(await numbers(s.msp, 'myParty=true')).toEqual([1]);
    expect(await numbers(s.it, 'myParty=true')).toEqual([3]);
    expect(await numbers(s.tech, 'myParty=true&mine=true&dueWithin=60')).toEqual([1]);

    const handed = await ok<Ticket>(s.tech, 'POST', `/tickets/${numbered.p1!.id}/assignment`, {
      partyId: 'dana',
      reason: 'Back to Dana',
    });
    expect(handed.agent).toBeNull();
    expect(await numbers(s.tech, 'mine=true')).toEqual([]);
    expect(await numbers(s.it, 'myParty=true')).toEqual([1, 3]);
  });

  it('pages "my party" by keyset like any other filter', async () => {
    type Page = { tickets: TicketSummary[]; next: string | null };
    const page1 = await ok<Page>(s.it, 'GET', '/tickets?myParty=true&limit=1');
    const page2 = await ok<Page>(
      s.it,
      'GET',
      `/tickets?myParty=true&limit=1&cursor=${encodeURIComponent(page1.next!)}`,
    );
    expect(page2.next).toBeNull();
    expect([...page1.tickets, ...page2.tickets].map((t) => t.number).sort()).toEqual([1, 3]);
  });
});
