/**
 * Service desk benchmark (issue 18, performance): a queue page under each filter an agent can pick
 * (p95) and ticket create (p99, service level with its events and audit entry, one at a time) on
 * PGlite and PostgreSQL, over a practice seeded with --tickets tickets (issue: 50k on PGlite).
 *
 *   npx tsx bench/desk.bench.ts [--tickets 50000] [--pages 200] [--creates 300]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { auditKeysFrom, useAuditKeys } from '../src/core/audit/key.ts';
import { fixedClock } from '../src/core/clock.ts';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { withTenant } from '../src/core/tenancy/with-tenant.ts';
import { ensureDesks, presentDesk } from '../src/desk/desks.ts';
import { createTicket, readQueue, type TicketStep } from '../src/desk/tickets.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { testKeyring } from '../test/support/world.ts';
import { describeMachine } from './machine.ts';
import { seedBenchPractice } from './support/bench-practice.ts';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '50000' },
    pages: { type: 'string', default: '200' },
    creates: { type: 'string', default: '300' },
  },
});
const [ticketCount, pages, creates] = [values.tickets, values.pages, values.creates].map(Number) as [
  number,
  number,
  number,
];
useAuditKeys(auditKeysFrom({ currentId: 'b1', keys: new Map([['b1', Buffer.alloc(32, 9)]]) }));
const keyring = testKeyring();
const clock = fixedClock(new Date('2026-12-01T15:00:00Z'));

async function seed(database: Database): Promise<string> {
  await database.migrate();
  const practiceId = await seedBenchPractice(database, { organizationKind: 'msp', timeZone: 'America/Chicago' });
  const desks = await step(database, practiceId, (s) => ensureDesks(s));
  const [it, clinical] = desks.map((d) => d.id);
  // Spread over desks, statuses, holders and due times; created a minute apart going back.
  await database.db.execute(sql`
    insert into tickets (id, practice_id, number, desk_id, category, requester_label, phi, title, description, impact,
      urgency, priority, status, assignee_party_id, assignee_party_name, assignee_side, first_response_due_at,
      resolution_due_at, created_at, updated_at)
    select gen_random_uuid(), ${practiceId}::uuid, i, case when i % 3 = 0 then ${clinical}::uuid else ${it}::uuid end,
      'accounts', 'bench', false, 'Ticket ' || i, 'Body', 'medium', 'high', 'P2',
      (array['new','triaged','in_progress','waiting','resolved','closed'])[1 + i % 6],
      case when i % 4 = 0 then null else (array['dana','msp-desk','msp-soc'])[1 + i % 3] end, 'Party', 'msp',
      now() - (i || ' minutes')::interval + interval '1 hour', now() - (i || ' minutes')::interval + interval '8 hours',
      now() - (i || ' minutes')::interval, now()
    from generate_series(1, ${ticketCount}) as i`);
  // The creates measured after the seed number on from the seeded tickets.
  await database.db.execute(
    sql`insert into ticket_counters (practice_id, last_number) values (${practiceId}::uuid, ${ticketCount})`,
  );
  await database.db.execute(sql`analyze tickets`);
  return practiceId;
}

function step<T>(database: Database, practiceId: string, fn: (s: TicketStep) => Promise<T>): Promise<T> {
  const origin = {
    actorType: 'user' as const,
    actorId: null,
    actorLabel: 'bench',
    ip: null,
    userAgent: null,
    requestId: null,
  };
  return withTenant(database.db, practiceId, (tx) =>
    fn({ tx, clock, keyring, practiceId, origin, mayWork: true, mayReadPhi: true }),
  );
}

async function measure(database: Database) {
  const practiceId = await seed(database);
  const desks = (await step(database, practiceId, (s) => ensureDesks(s))).map(presentDesk);
  const it = desks[0]!;
  const filters = {
    'no filter': {},
    'desk + status': { deskId: it.id, status: 'in_progress' },
    'holder (party)': { assignee: 'msp-desk' },
    'triage queue': { assignee: null },
    breached: { breached: true },
  };
  const queue: Record<string, number[]> = {};
  for (const [name, filter] of Object.entries(filters)) {
    const times: number[] = [];
    for (let i = 0; i < pages; i++) {
      const t0 = performance.now();
      await step(database, practiceId, (s) => readQueue(s, filter, { limit: 50 }));
      times.push(performance.now() - t0);
    }
    queue[name] = times.sort((a, b) => a - b);
  }
  const placement = {
    holder: { partyId: 'dana', name: 'Dana', side: 'internal_it' },
    triageReason: null,
    matrixVersion: 1,
    skipped: [],
  };
  const category = it.categories[0]!;
  const input = {
    deskId: it.id,
    category: category.id,
    impact: 'medium',
    urgency: 'high',
    title: 'Bench',
    description: 'Bench',
  } as const;
  const createTimes: number[] = [];
  for (let i = 0; i < creates; i++) {
    const t0 = performance.now();
    await step(database, practiceId, (s) => createTicket(s, input, { desk: it, category }, placement));
    createTimes.push(performance.now() - t0);
  }
  await database.close();
  return { queue, create: createTimes.sort((a, b) => a - b) };
}

const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!.toFixed(1);
const results: Record<string, Awaited<ReturnType<typeof measure>>> = {
  PGlite: await measure(await openDatabase({ kind: 'memory' })),
};
const pg = await startPostgres();
if ('url' in pg) {
  try {
    results.PostgreSQL = await measure(await openDatabase({ kind: 'postgres', url: pg.url }));
  } finally {
    pg.stop();
  }
} else console.log(`PostgreSQL skipped: ${pg.missing}`);

console.log(`machine: ${describeMachine()}; load average ${os.loadavg()[0]!.toFixed(1)}; ${ticketCount} tickets`);
for (const [engine, r] of Object.entries(results)) {
  for (const [name, times] of Object.entries(r.queue))
    console.log(`${engine} queue page (${name}): p50 ${q(times, 0.5)} ms, p95 ${q(times, 0.95)} ms`);
  console.log(`${engine} ticket create: p50 ${q(r.create, 0.5)} ms, p99 ${q(r.create, 0.99)} ms`);
}
