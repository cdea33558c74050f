/**
 * Every queue filter an agent can pick is served by an index that also gives the newest-first
 * order: with sequential scans ruled out, each plan reads an index and has no Sort node (a Sort
 * would mean reading every matching ticket to return one page). Both engines' planners.
 */
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '../../src/core/db/database.ts';
import { newId } from '../../src/core/ids.ts';
import { queueQuery, type TicketFilter } from '../../src/desk/ticket-store.ts';
import { describeEachEngine } from '../support/databases.ts';

describeEachEngine('service desk queue plans', (db) => {
  const practiceId = newId();
  const deskId = newId();
  const now = new Date('2026-11-30T12:00:00Z');
  const after = { createdAt: new Date('2026-11-29T12:00:00Z'), id: newId() };
  const filters: [string, TicketFilter][] = [
    ['none', {}],
    ['desk', { deskId }],
    ['status', { status: 'in_progress' }],
    ['desk and status', { deskId, status: 'new' }],
    ['holder', { assignee: 'msp-desk' }],
    ['triage', { assignee: null }],
    ['desk and holder', { deskId, assignee: 'dana' }],
    ['status and holder', { status: 'waiting', assignee: 'dana' }],
    ['breached', { dueBefore: now }],
    ['desk and breached', { deskId, dueBefore: now }],
    ['due within an hour', { dueBefore: new Date(now.getTime() + 3_600_000) }],
    ['mine', { agentId: newId() }],
    ['my party', { side: 'msp' }],
    ['desk and my party', { deskId, side: 'msp' }],
  ];

  const plan = async (filter: TicketFilter, withCursor: boolean): Promise<string> =>
    db().db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const query = queueQuery(tx as unknown as Db, practiceId, filter, {
        limit: 26,
        ...(withCursor ? { after } : {}),
      });
      const result = (await tx.execute(sql`explain ${query.getSQL()}`)) as unknown as
        { rows: Record<string, string>[] } | Record<string, string>[];
      const rows = Array.isArray(result) ? result : result.rows;
      return rows.map((r) => Object.values(r)[0]).join('\n');
    });

  for (const [name, filter] of filters)
    it(`reads an index in order for the filter: ${name}`, async () => {
      for (const withCursor of [false, true]) {
        const text = await plan(filter, withCursor);
        expect(text, text).toMatch(/Index Scan|Index Only Scan/);
        expect(text, text).not.toMatch(/Sort|Seq Scan/);
      }
    });
});
