/**
 * The service desk end to end over HTTP on both engines: default desks, tickets placed by the
 * agreed matrix (or triage, with the reason), the status workflow and its refusals, SLA due times
 * in business time on the desk's calendar (hand-worked below), pauses, reassignment across
 * organisations, visibility, PHI on the patient desk, and bad input.
 *
 * Practice A is in America/Chicago; the IT desk's default hours are Monday to Friday 08:00-18:00.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/desk/desk-schema.ts';
import type { Ticket, TicketSummary } from '../../src/desk/ticket-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('service desk', (db) => {
  let world: World;
  let staff: SignedIn;
  let tech: SignedIn;
  /** Internal IT: reads patient details (MSP staff do only when the practice grants it: service-desk-privacy.test.ts). */
  let internal: SignedIn;
  let admin: SignedIn;
  let msp: SignedIn;
  let auditor: SignedIn;
  let desks: Record<Desk['kind'], Desk>;
  let base: string;

  const call = (session: SignedIn, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    world.app.inject({ method, url: `${base}${url}`, headers: as(session), ...(payload ? { payload } : {}) });
  const ok = async <T>(session: SignedIn, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await call(session, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  const open = (category: string, extra: object = {}) =>
    ok<Ticket>(staff, 'POST', '/tickets', {
      deskId: desks.it.id,
      category,
      impact: 'medium',
      urgency: 'high',
      title: 'Cannot sign in',
      description: 'Locked out since this morning',
      ...extra,
    });
  const details = (res: { json: () => unknown }) =>
    (res.json() as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);

  /** Sets the clock to `iso`, first signing everyone in afresh there (sessions end when idle for long). */
  const at = async (iso: string) => {
    world.clock.set(new Date(iso));
    const { staff: s, technician, internalIt, practiceAdmin, mspAdmin, auditor: a } = world.users;
    staff = await signInAs(world, s);
    tech = await signInAs(world, technician);
    internal = await signInAs(world, internalIt);
    admin = await signInAs(world, practiceAdmin);
    msp = await signInAs(world, mspAdmin);
    auditor = await signInAs(world, a);
    world.clock.set(new Date(iso));
  };

  beforeAll(async () => {
    world = await buildWorld(db());
    await at('2026-11-24T14:00:00Z');
    base = `/api/v1/practices/${world.practices.a}`;
    const list = await ok<{ desks: Desk[] }>(staff, 'GET', '/desks');
    desks = Object.fromEntries(list.desks.map((d) => [d.kind, d])) as typeof desks;
  });

  const agreeMatrix = async () => {
    const versions = '/matrix/versions';
    const draft = await ok<{ number: number }>(admin, 'POST', versions, {
      source: { kind: 'matrix', matrix: smallMatrix() },
    });
    await ok(admin, 'POST', `${versions}/${draft.number}/propose`, {});
    await ok(msp, 'POST', `${versions}/${draft.number}/agree`, {});
  };

  it('creates the IT, clinical and patient desks on first use, once', async () => {
    expect(Object.keys(desks).sort()).toEqual(['clinical', 'it', 'patient']);
    expect(desks.it.calendar).toMatchObject({ timeZone: 'America/Chicago', always: false });
    expect(desks.clinical.calendar.always).toBe(true);
    expect(desks.it.categories.find((c) => c.id === 'accounts')?.activity).toBe('accounts');
    const again = await ok<{ desks: Desk[] }>(admin, 'GET', '/desks');
    expect(again.desks.map((d) => d.id)).toEqual([desks.it.id, desks.clinical.id, desks.patient.id]);
  });

  it('refuses bad input naming the field', async () => {
    const post = (body: object) => call(staff, 'POST', '/tickets', body);
    const good = {
      deskId: desks.it.id,
      category: 'email',
      impact: 'low',
      urgency: 'low',
      title: 't',
      description: 'd',
    };
    const cases: [object, string][] = [
      [{ ...good, category: 'nope' }, 'body.category'],
      [{ ...good, deskId: '00000000-0000-4000-8000-000000000000' }, 'body.deskId'],
      [{ ...good, impact: 'huge' }, 'body.impact'],
      [{ ...good, title: '  ' }, 'body.title'],
    ];
    for (const [body, path] of cases) {
      const res = await post(body);
      expect(res.statusCode, res.body).toBe(400);
      expect(details(res)).toContain(path);
    }
    expect((await call(tech, 'GET', '/tickets?status=lost')).statusCode).toBe(400);
    expect((await call(tech, 'GET', '/tickets/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('raises a patient-safety impact to P1 and keeps patient-desk text encrypted, with audited reads', async () => {
    const ticket = await ok<Ticket>(staff, 'POST', '/tickets', {
      deskId: desks.patient.id,
      category: 'portal',
      impact: 'patient_safety',
      urgency: 'low',
      title: 'Jane Roe cannot see her lab results',
      description: 'DOB 1980-02-03',
    });
    expect(ticket.priority).toBe('P1');
    const [stored] = await db().query<{ title: string; description: string }>(
      `select title, description from tickets where id = '${ticket.id}'`,
    );
    expect(stored!.title).not.toContain('Jane');
    expect(stored!.description).not.toContain('1980');
    expect((await ok<Ticket>(internal, 'GET', `/tickets/${ticket.id}`)).title).toBe(
      'Jane Roe cannot see her lab results',
    );
    const reads = await db().query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'phi.read' and target_id = '${ticket.id}'`,
    );
    expect(reads[0]!.n).toBeGreaterThanOrEqual(1);
  });

  it('lets an administrator change a desk, refusing a bad calendar and callers who may not', async () => {
    const calendar = { timeZone: 'America/New_York', hours: [{ day: 6, start: '09:00', end: '13:00' }] };
    const changed = await ok<Desk>(admin, 'PATCH', `/desks/${desks.patient.id}`, { calendar });
    expect(changed.calendar).toEqual({ ...calendar, always: false, holidays: [] });
    const bad = await call(admin, 'PATCH', `/desks/${desks.patient.id}`, { calendar: { timeZone: 'Moon/Base' } });
    expect(bad.statusCode).toBe(400);
    expect(details(bad)).toContain('body.calendar.timeZone');
    expect((await call(staff, 'PATCH', `/desks/${desks.patient.id}`, { name: 'Mine' })).statusCode).toBe(403);
    const audited = await db().query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'desk.updated' and target_id = '${desks.patient.id}'`,
    );
    expect(audited[0]!.n).toBe(1);
  });

  describe('with a ticket opened Tuesday 09:00 in Chicago', () => {
    let first: Ticket;
    let routed: Ticket;

    beforeAll(async () => {
      await at('2026-11-24T15:00:00Z'); // Tuesday 09:00 CST
      first = await open('accounts');
      await agreeMatrix();
      world.clock.set(new Date('2026-11-24T15:00:00Z'));
      routed = await open('accounts');
    });

    it('goes to triage with the reason while no matrix is agreed', () => {
      expect(first.assignee).toBeNull();
      expect(first.triageReason).toBe('The practice has no agreed responsibility matrix');
      expect(first.status).toBe('new');
    });

    it('lands with the party the agreed matrix makes Responsible, recorded as an assignment', () => {
      expect(routed.assignee).toEqual({ partyId: 'dana', name: 'Dana (office IT)', side: 'internal_it' });
      expect(routed.events.map((e) => e.kind)).toEqual(['created', 'assigned']);
      expect(routed.events[1]!.data).toMatchObject({ from: null, byMatrix: true });
    });

    it('goes to triage naming the activity when the matrix lacks it', async () => {
      world.clock.set(new Date('2026-11-24T15:00:00Z'));
      const unrouted = await open('password');
      expect(unrouted.triageReason).toBe('The agreed matrix has no activity "password_resets"');
    });

    it('sets P2 due times in business time: response 10:00, resolution 17:00 the same day', () => {
      // medium impact x high urgency = P2: 60 and 480 business minutes from 09:00 CST (15:00Z).
      expect(routed.priority).toBe('P2');
      expect(routed.firstResponse).toEqual({ dueAt: '2026-11-24T16:00:00.000Z', metAt: null, state: 'running' });
      expect(routed.resolution.dueAt).toBe('2026-11-24T23:00:00.000Z');
    });

    it('meets the first response with a technician reply, pauses while waiting on the requester and resumes on their reply', async () => {
      await at('2026-11-24T15:30:00Z');
      const answered = await ok<Ticket>(tech, 'POST', `/tickets/${routed.id}/replies`, {
        body: 'Can you try again now?',
      });
      expect(answered.firstResponse).toMatchObject({ metAt: '2026-11-24T15:30:00.000Z', state: 'met' });

      await at('2026-11-24T16:00:00Z'); // 10:00 CST: 7 business hours left
      const waiting = await ok<Ticket>(tech, 'POST', `/tickets/${routed.id}/status`, {
        status: 'waiting',
        waitingReason: 'on_requester',
      });
      expect(waiting.resolution.state).toBe('paused');

      // Wednesday 09:00 CST: the requester answers; 420 minutes on from then is 16:00 CST (22:00Z).
      await at('2026-11-25T15:00:00Z');
      const resumed = await ok<Ticket>(staff, 'POST', `/tickets/${routed.id}/replies`, { body: 'Still locked out' });
      expect(resumed.status).toBe('in_progress');
      expect(resumed.resolution).toEqual({ dueAt: '2026-11-25T22:00:00.000Z', metAt: null, state: 'running' });

      await at('2026-11-25T21:00:00Z'); // 15:00 CST: an hour of 8 left, due soon
      expect((await ok<Ticket>(tech, 'GET', `/tickets/${routed.id}`)).resolution.state).toBe('due_soon');
      const resolved = await ok<Ticket>(tech, 'POST', `/tickets/${routed.id}/status`, { status: 'resolved' });
      expect(resolved.resolution).toEqual({
        dueAt: '2026-11-25T22:00:00.000Z',
        metAt: '2026-11-25T21:00:00.000Z',
        state: 'met',
      });
    });

    it('refuses a move the workflow does not allow, and a waiting status without its reason', async () => {
      const back = await call(tech, 'POST', `/tickets/${routed.id}/status`, { status: 'in_progress' });
      expect(back.statusCode).toBe(409);
      expect(details(back)).toEqual(['body.status']);
      const unreasoned = await call(tech, 'POST', `/tickets/${first.id}/status`, { status: 'waiting' });
      expect(unreasoned.statusCode).toBe(400);
      expect(details(unreasoned)).toContain('body.waitingReason');
    });

    it('reassigns explicitly, marking a move to the MSP as crossing organisations', async () => {
      const moved = await ok<Ticket>(tech, 'POST', `/tickets/${routed.id}/assignment`, {
        partyId: 'msp-desk',
        reason: 'Needs tier 2',
      });
      expect(moved.assignee?.partyId).toBe('msp-desk');
      expect(moved.events.at(-1)!.data).toMatchObject({
        from: { partyId: 'dana' },
        to: { partyId: 'msp-desk', side: 'msp' },
        reason: 'Needs tier 2',
        crossesOrganisation: true,
      });
      const unknown = await call(tech, 'POST', `/tickets/${routed.id}/assignment`, { partyId: 'nobody', reason: 'x' });
      expect(unknown.statusCode).toBe(400);
      expect(details(unknown)).toEqual(['body.partyId']);
    });

    it('splits the business time by party, and replays it when a waiting reason is corrected', async () => {
      // Dana held it Tuesday 09:00-10:00 CST and Wednesday 09:00-15:00 (the wait on the requester
      // in between does not count): 420 minutes. The MSP got it after resolution: no time.
      const seen = await ok<Ticket>(tech, 'GET', `/tickets/${routed.id}`);
      expect(seen.partyClocks).toEqual([
        {
          partyId: 'dana',
          name: 'Dana (office IT)',
          side: 'internal_it',
          organisation: 'practice',
          businessMinutes: 420,
        },
      ]);
      const waited = seen.events.find((e) => e.kind === 'status' && e.data.to === 'waiting')!;
      const url = `/tickets/${routed.id}/status-corrections`;
      const wrong = await call(tech, 'POST', url, {
        eventId: seen.events[0]!.id,
        waitingReason: 'on_vendor',
        reason: 'x',
      });
      expect(wrong.statusCode).toBe(400);
      expect(details(wrong)).toEqual(['body.eventId']);
      // It really waited on a change window, which does not pause: Tuesday 10:00-18:00 (480) and
      // Wednesday 08:00-09:00 (60) count too, and the 480-minute P2 target ran out Tuesday 17:00 CST.
      const corrected = await ok<Ticket>(tech, 'POST', url, {
        eventId: waited.id,
        waitingReason: 'on_change_window',
        reason: 'It was waiting for the Tuesday night change window',
      });
      expect(corrected.partyClocks.map((p) => [p.partyId, p.businessMinutes])).toEqual([['dana', 960]]);
      expect(corrected.resolution).toEqual({
        dueAt: '2026-11-24T23:00:00.000Z',
        metAt: '2026-11-25T21:00:00.000Z',
        state: 'missed',
      });
      expect(corrected.events.at(-1)).toMatchObject({
        kind: 'status_corrected',
        data: { eventId: waited.id, waitingReason: 'on_change_window' },
      });
    });

    it('seals a patient-desk reassignment reason and triage reason, showing them only to PHI readers', async () => {
      const ticket = await ok<Ticket>(staff, 'POST', '/tickets', {
        deskId: desks.patient.id,
        category: 'portal',
        impact: 'low',
        urgency: 'low',
        title: 'Portal invitation',
        description: 'Needs a new invitation',
      });
      const url = `/tickets/${ticket.id}/assignment`;
      await ok(tech, 'POST', url, { partyId: 'msp-desk', reason: 'Jane Roe asked for a callback' });
      await ok(tech, 'POST', url, { partyId: null, reason: 'Jane Roe wants the practice to call' });
      const stored = await db().query<{ data: unknown; sealed_text: string | null }>(
        `select data, sealed_text from ticket_events where ticket_id = '${ticket.id}' order by at, id`,
      );
      const [row] = await db().query<{ triage_reason: string }>(
        `select triage_reason from tickets where id = '${ticket.id}'`,
      );
      expect(JSON.stringify(stored)).not.toContain('Jane');
      expect(row!.triage_reason).not.toContain('Jane');
      expect(stored.filter((e) => e.sealed_text !== null)).toHaveLength(3); // placement + two reassignments

      const seen = await ok<Ticket>(internal, 'GET', `/tickets/${ticket.id}`);
      expect(seen.triageReason).toBe('Jane Roe wants the practice to call');
      expect(seen.events.filter((e) => e.kind === 'assigned').map((e) => e.data.reason)).toEqual([
        'The agreed matrix has no activity "portal_support"',
        'Jane Roe asked for a callback',
        'Jane Roe wants the practice to call',
      ]);
      expect(seen.events.at(-1)!.data).not.toHaveProperty('sealed');
      const own = await ok<Ticket>(staff, 'GET', `/tickets/${ticket.id}`);
      expect(own.triageReason).toBeNull();
      expect(own.events.filter((e) => e.kind === 'assigned').map((e) => e.data.reason)).toEqual([null, null, null]);
    });

    it('shows the requester their ticket without internal notes, and the queue only to those who work it', async () => {
      await ok(tech, 'POST', `/tickets/${first.id}/replies`, { body: 'Check the AD lockout log', internal: true });
      const mine = await ok<Ticket>(staff, 'GET', `/tickets/${first.id}`);
      expect(mine.events.map((e) => e.kind)).not.toContain('note');
      const theirs = await ok<Ticket>(tech, 'GET', `/tickets/${first.id}`);
      expect(theirs.events.map((e) => e.kind)).toContain('note');
      expect(
        (await call(staff, 'POST', `/tickets/${first.id}/replies`, { body: 'x', internal: true })).statusCode,
      ).toBe(403);
      expect((await call(staff, 'GET', '/tickets')).statusCode).toBe(403);
      expect((await call(auditor, 'GET', `/tickets/${first.id}`)).statusCode).toBe(403);
    });

    it('filters the queue by desk, holder, status and breach, a page at a time', async () => {
      const page = (query: string) =>
        ok<{ tickets: TicketSummary[]; next: string | null }>(tech, 'GET', `/tickets?${query}`);
      const triage = await page(`deskId=${desks.it.id}&assignee=triage`);
      expect(triage.tickets.every((t) => t.assignee === null)).toBe(true);
      expect(triage.tickets).toHaveLength(2);
      expect((await page('status=resolved')).tickets.map((t) => t.id)).toEqual([routed.id]);
      expect((await page(`deskId=${desks.clinical.id}`)).tickets).toEqual([]);
      // Monday 30 November 12:00Z: the two triage tickets were never answered; the resolved one is done.
      await at('2026-11-30T12:00:00Z');
      const breached = await page(`deskId=${desks.it.id}&breached=true`);
      expect(breached.tickets.map((t) => t.id).sort()).toEqual(triage.tickets.map((t) => t.id).sort());
      expect(breached.tickets.every((t) => t.firstResponse.state === 'breached')).toBe(true);
      const first1 = await page('limit=1');
      expect(first1.next).not.toBeNull();
      const second = await page(`limit=1&cursor=${encodeURIComponent(first1.next!)}`);
      expect(second.tickets[0]!.id).not.toBe(first1.tickets[0]!.id);
    });
  });
});
