/**
 * Incident tickets (opened by monitoring or a backup watcher through desk/incidents.ts) are read
 * by practice administrators, who read monitoring but do not work tickets; practice staff, who
 * do neither, still get 404, and internal notes stay with those who work tickets.
 */
import { beforeAll, expect, it } from 'vitest';
import type { AuditOrigin } from '../../src/core/audit/append.ts';
import { withTenant } from '../../src/core/tenancy/with-tenant.ts';
import { openIncident } from '../../src/desk/incidents.ts';
import type { Ticket } from '../../src/desk/ticket-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildDeskWorld, type DeskWorld } from '../support/desk-world.ts';

const watcher: AuditOrigin = {
  actorType: 'system',
  actorId: null,
  actorLabel: 'Tandem monitoring',
  ip: null,
  userAgent: null,
  requestId: null,
};

describeEachEngine('service desk: incident tickets', (db) => {
  let d: DeskWorld;
  let incidentId: string;

  beforeAll(async () => {
    d = await buildDeskWorld(db(), '2026-11-24T14:00:00Z');
    const { world } = d;
    incidentId = await withTenant(db().db, world.practices.a, (tx) =>
      openIncident(
        { tx, clock: world.clock, practiceId: world.practices.a, origin: watcher },
        { keyring: world.keyring, publicUrl: 'http://tandem.test' },
        {
          activity: 'wifi',
          ticketId: null,
          title: 'Patient portal is down',
          description: 'HTTP 500 three times',
          againNote: 'Down again',
          fallbackCategory: 'network',
        },
        null,
        // No notifier is given, so the notice is never built.
        { event: 'monitor.down' as const, params: () => ({}) as never },
      ),
    );
    await d.ok(d.s.tech, 'POST', `/tickets/${incidentId}/replies`, { body: 'Restarting the web tier', internal: true });
  });

  it('shows an incident ticket to a practice administrator, marked as an incident, without internal notes', async () => {
    const seen = await d.ok<Ticket>(d.s.admin, 'GET', `/tickets/${incidentId}`);
    expect(seen).toMatchObject({
      incident: true,
      title: 'Patient portal is down',
      description: 'HTTP 500 three times',
    });
    expect(seen.events.some((e) => e.kind === 'note')).toBe(false);
    expect((await d.ok<Ticket>(d.s.admin, 'GET', `/ticket-numbers/T-${seen.number}`)).id).toBe(incidentId);
    // The administrator may add a public reply to it (say, that the portal vendor called).
    const replied = await d.ok<Ticket>(d.s.admin, 'POST', `/tickets/${incidentId}/replies`, {
      body: 'Vendor is aware',
    });
    expect(replied.events.at(-1)).toMatchObject({ kind: 'reply', body: 'Vendor is aware' });
  });

  it('keeps other tickets and incidents from those who may not see them', async () => {
    expect((await d.call(d.s.staff, 'GET', `/tickets/${incidentId}`)).statusCode).toBe(404);
    const someoneElses = await d.open(d.s.staff, 'My mailbox is full');
    expect((await d.call(d.s.admin, 'GET', `/tickets/${someoneElses.id}`)).statusCode).toBe(404);
    expect(someoneElses.incident).toBe(false);
    // The worker sees the note the administrator does not.
    const worked = await d.ok<Ticket>(d.s.tech, 'GET', `/tickets/${incidentId}`);
    expect(worked.events.filter((e) => e.kind === 'note').map((e) => e.body)).toEqual(['Restarting the web tier']);
  });
});
