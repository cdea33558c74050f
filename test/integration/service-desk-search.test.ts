/**
 * Full-text search of tickets (`q` on the queue) on both engines: words match titles,
 * descriptions, replies and, for those who work tickets, internal notes; stems match (jammed ->
 * jam); websearch syntax (phrases, -not, or); a number jumps to that ticket; patient-desk text is
 * encrypted so found by number only; other practices' tickets never match.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Ticket, TicketSummary } from '../../src/desk/ticket-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildDeskWorld, type DeskWorld } from '../support/desk-world.ts';
import { as, type SignedIn } from '../support/world.ts';

describeEachEngine('service desk: full-text search', (db) => {
  let d: DeskWorld;
  const t: Record<string, Ticket> = {};

  const found = async (who: SignedIn, q: string, more = '') =>
    (await d.ok<{ tickets: TicketSummary[] }>(who, 'GET', `/tickets?q=${encodeURIComponent(q)}${more}`)).tickets
      .map((x) => x.number)
      .sort((a, b) => a - b);

  beforeAll(async () => {
    d = await buildDeskWorld(db(), '2026-11-24T14:00:00Z');
    t.printer = await d.open(d.s.staff, 'Printer jammed on the second floor', { description: 'Paper stuck in tray 2' });
    t.vpn = await d.open(d.s.staff, 'VPN drops every hour', { description: 'Since the firewall update' });
    t.phone = await d.open(d.s.staff, 'Phone system down', { description: 'No dial tone in reception' });
    t.patient = await d.open(d.s.staff, 'Jane Roe cannot reach the portal', {
      deskId: d.desks.patient.id,
      category: 'portal',
      description: 'printer of her lab results fails',
    });
    await d.ok(d.s.staff, 'POST', `/tickets/${t.vpn.id}/replies`, { body: 'It happens on the laptop in exam room 3' });
    await d.ok(d.s.tech, 'POST', `/tickets/${t.phone.id}/replies`, {
      body: 'Carrier says the trunk firmware needs a reboot',
      internal: true,
    });
    // Another practice's ticket with the same words.
    const other = `/api/v1/practices/${d.world.practices.c}`;
    const { desks } = (
      await d.world.app.inject({ method: 'GET', url: `${other}/desks`, headers: as(d.s.other) })
    ).json();
    const res = await d.world.app.inject({
      method: 'POST',
      url: `${other}/tickets`,
      headers: as(d.s.other),
      payload: {
        deskId: desks[0].id,
        category: 'email',
        impact: 'low',
        urgency: 'low',
        title: 'Printer jammed',
        description: 'd',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('matches words of titles, descriptions and replies, by stem, newest first', async () => {
    expect(await found(d.s.tech, 'printers')).toEqual([t.printer!.number]);
    expect(await found(d.s.tech, 'jam')).toEqual([t.printer!.number]);
    expect(await found(d.s.tech, 'tray')).toEqual([t.printer!.number]);
    expect(await found(d.s.tech, 'exam room')).toEqual([t.vpn!.number]);
    expect(await found(d.s.tech, 'firewall')).toEqual([t.vpn!.number]);
  });

  it('takes websearch syntax: phrases, or, -not', async () => {
    expect(await found(d.s.tech, '"dial tone"')).toEqual([t.phone!.number]);
    expect(await found(d.s.tech, '"tone dial"')).toEqual([]);
    expect(await found(d.s.tech, 'printer or vpn')).toEqual([t.printer!.number, t.vpn!.number]);
    expect(await found(d.s.tech, 'floor -printer')).toEqual([]);
    // Only stop words: nothing to match, not an error.
    expect(await found(d.s.tech, 'the')).toEqual([]);
  });

  it('matches internal notes for those who work tickets, combined with the other filters', async () => {
    expect(await found(d.s.tech, 'trunk firmware')).toEqual([t.phone!.number]);
    expect(await found(d.s.tech, 'trunk', '&status=resolved')).toEqual([]);
    expect(await found(d.s.tech, 'trunk', `&deskId=${d.desks.it.id}`)).toEqual([t.phone!.number]);
  });

  it('finds a patient-desk ticket by number only: its text is encrypted, never indexed', async () => {
    expect(await found(d.s.it, 'portal')).toEqual([]);
    expect(await found(d.s.it, 'printer')).toEqual([t.printer!.number]);
    expect(await found(d.s.it, `T-${t.patient!.number}`)).toEqual([t.patient!.number]);
  });

  it('keeps to the queue’s visibility and refuses bad q', async () => {
    // Requesters have no queue (they open their tickets by number or from their list).
    expect((await d.call(d.s.staff, 'GET', '/tickets?q=printer')).statusCode).toBe(403);
    for (const q of ['', '   ', 'x'.repeat(201)]) {
      const res = await d.call(d.s.tech, 'GET', `/tickets?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.details.map((x: { path: string }) => x.path)).toContain('query.q');
    }
    // Punctuation of every kind is words to websearch_to_tsquery, never a syntax error.
    for (const q of ['a & b | !c', "'", '"unclosed', '(x', ':*', '\\']) {
      const res = await d.call(d.s.tech, 'GET', `/tickets?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
    }
  });
});
