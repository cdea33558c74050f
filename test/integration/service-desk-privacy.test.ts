/**
 * Minimum necessary for MSP staff (issue 18 item 5): on the same patient-desk ticket, an MSP
 * technician and the practice's internal IT person, with the practice's setting off (the default)
 * and then on. Off: the technician gets the ticket without its patient details, told why, and no
 * PHI read is audited for them; patient contacts are refused. On: they read as internal IT does,
 * each read audited. Only a practice administrator changes the setting, and the change is audited.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Desk } from '../../src/desk/desk-schema.ts';
import type { Ticket, TicketSummary } from '../../src/desk/ticket-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('service desk: patient details and MSP staff', (db) => {
  let world: World;
  let staff: SignedIn;
  let tech: SignedIn;
  let it_: SignedIn;
  let admin: SignedIn;
  let msp: SignedIn;
  let base: string;
  let ticket: Ticket;

  const call = (session: SignedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    world.app.inject({ method, url: `${base}${url}`, headers: as(session), ...(payload ? { payload } : {}) });
  const ok = async <T>(session: SignedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await call(session, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  const phiReadsBy = async (userId: string) =>
    (
      await db().query<{ n: number }>(
        `select count(*)::int as n from audit_log where action = 'phi.read' and actor_id = $1`,
        [userId],
      )
    )[0]!.n;

  beforeAll(async () => {
    world = await buildWorld(db());
    world.clock.set(new Date('2026-11-24T14:00:00Z'));
    const u = world.users;
    staff = await signInAs(world, u.staff);
    tech = await signInAs(world, u.technician);
    it_ = await signInAs(world, u.internalIt);
    admin = await signInAs(world, u.practiceAdmin);
    msp = await signInAs(world, u.mspAdmin);
    base = `/api/v1/practices/${world.practices.a}`;
    const { desks } = await ok<{ desks: Desk[] }>(staff, 'GET', '/desks');
    ticket = await ok<Ticket>(staff, 'POST', '/tickets', {
      deskId: desks.find((d) => d.kind === 'patient')!.id,
      category: 'portal',
      impact: 'medium',
      urgency: 'low',
      title: 'Jane Roe cannot see her lab results',
      description: 'Call her on 555-0100',
    });
    await ok(it_, 'POST', `/tickets/${ticket.id}/replies`, { body: 'Phoned Jane Roe back' });
    await ok(staff, 'POST', '/patient-contacts', { name: 'Jane Roe', phone: '555-0100' });
  });

  it('is off by default, and only a practice administrator may change it', async () => {
    expect(await ok(tech, 'GET', '/desk-privacy')).toEqual({ mspSeesPatientDetails: false, updatedAt: null });
    for (const who of [tech, msp, it_, staff]) {
      const res = await call(who, 'PUT', '/desk-privacy', { mspSeesPatientDetails: true });
      expect(res.statusCode, res.body).toBe(403);
    }
    const bad = await call(admin, 'PUT', '/desk-privacy', { mspSeesPatientDetails: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toContain('body.mspSeesPatientDetails');
  });

  it('withholds patient details from the MSP technician while off, auditing no PHI read for them', async () => {
    const before = await phiReadsBy(world.users.technician.id);
    const seen = await ok<Ticket>(tech, 'GET', `/tickets/${ticket.id}`);
    expect(seen).toMatchObject({ title: null, description: null, redacted: 'practice_setting', priority: 'P4' });
    expect(seen.events.find((e) => e.kind === 'reply')!.body).toBeNull();
    const queue = await ok<{ tickets: TicketSummary[] }>(tech, 'GET', '/tickets');
    expect(queue.tickets.find((t) => t.id === ticket.id)).toMatchObject({ title: null, redacted: 'practice_setting' });
    expect(JSON.stringify(seen) + JSON.stringify(queue)).not.toContain('Jane');
    const contacts = await call(tech, 'GET', '/patient-contacts');
    expect(contacts.statusCode).toBe(403);
    expect(contacts.json().error.message).toMatch(/practice's setting hides patient details/);
    expect(await phiReadsBy(world.users.technician.id)).toBe(before);
  });

  it('shows the same ticket to internal IT, with the read audited', async () => {
    const before = await phiReadsBy(world.users.internalIt.id);
    const seen = await ok<Ticket>(it_, 'GET', `/tickets/${ticket.id}`);
    expect(seen).toMatchObject({ title: 'Jane Roe cannot see her lab results', redacted: null });
    expect(seen.description).toBe('Call her on 555-0100');
    expect(await phiReadsBy(world.users.internalIt.id)).toBe(before + 1);
    expect((await call(it_, 'GET', '/patient-contacts')).statusCode).toBe(200);
  });

  it('tells practice staff without phi.read why their view is withheld', async () => {
    const own = await ok<Ticket>(staff, 'GET', `/tickets/${ticket.id}`);
    expect(own).toMatchObject({ title: null, redacted: 'no_phi_read' });
  });

  it('shows them to the technician once the practice administrator turns it on, each read audited', async () => {
    const set = await ok(admin, 'PUT', '/desk-privacy', { mspSeesPatientDetails: true });
    expect(set).toEqual({ mspSeesPatientDetails: true, updatedAt: world.clock.now().toISOString() });
    const [change] = await db().query<{ details: unknown; actor_id: string }>(
      `select details, actor_id from audit_log where action = 'desk.patient_privacy_changed'`,
    );
    expect(change).toEqual({
      details: { mspSeesPatientDetails: { from: false, to: true } },
      actor_id: world.users.practiceAdmin.id,
    });
    const before = await phiReadsBy(world.users.technician.id);
    const seen = await ok<Ticket>(tech, 'GET', `/tickets/${ticket.id}`);
    expect(seen).toMatchObject({ title: 'Jane Roe cannot see her lab results', redacted: null });
    expect(seen.events.find((e) => e.kind === 'reply')!.body).toBe('Phoned Jane Roe back');
    await ok(tech, 'GET', '/tickets');
    expect((await call(tech, 'GET', '/patient-contacts')).statusCode).toBe(200);
    expect(await phiReadsBy(world.users.technician.id)).toBe(before + 3);

    await ok(admin, 'PUT', '/desk-privacy', { mspSeesPatientDetails: false });
    expect((await ok<Ticket>(tech, 'GET', `/tickets/${ticket.id}`)).redacted).toBe('practice_setting');
  });
});
