/**
 * The SLA sweep's recomputation (issue 18: 100k open tickets in <= 5 s on PostgreSQL): one
 * practice with --tickets open tickets opened over the last 60 days on its IT desk's office-hours
 * calendar, each with its opening and an assignment in its history, and every level of both clocks
 * already fired (a long-breached backlog, so the sweep replays every ticket and fires nothing).
 * Times `sweepPractice` as the job runs it: read the open tickets, their histories and fired
 * levels, replay both clocks of each in business time.
 *
 *   npx tsx bench/desk-sweep.bench.ts [--tickets 100000] [--runs 3]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { auditKeysFrom, useAuditKeys } from '../src/core/audit/key.ts';
import { fixedClock } from '../src/core/clock.ts';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { withTenant } from '../src/core/tenancy/with-tenant.ts';
import { ensureDesks, presentDesk } from '../src/desk/desks.ts';
import { slaLevels } from '../src/desk/sla-levels.ts';
import { sweepPractice, type SweepDeps } from '../src/desk/sla-sweep.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { testKeyring } from '../test/support/world.ts';
import { describeMachine } from './machine.ts';
import { seedBenchPractice } from './support/bench-practice.ts';

const { values } = parseArgs({
  options: { tickets: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' } },
});
const [ticketCount, runs] = [Number(values.tickets), Number(values.runs)];
useAuditKeys(auditKeysFrom({ currentId: 'b1', keys: new Map([['b1', Buffer.alloc(32, 9)]]) }));
// Tuesday 1 December 2026, 15:00 in Chicago: the IT desk is open.
const clock = fixedClock(new Date('2026-12-01T21:00:00Z'));
const origin = {
  actorType: 'user' as const,
  actorId: null,
  actorLabel: 'bench',
  ip: null,
  userAgent: null,
  requestId: null,
};

async function seed(database: Database): Promise<string> {
  await database.migrate();
  const practiceId = await seedBenchPractice(database, { organizationKind: 'msp', timeZone: 'America/Chicago' });
  const desk = (
    await withTenant(database.db, practiceId, (tx) =>
      ensureDesks({ tx, clock, keyring: testKeyring(), practiceId, origin }),
    )
  ).find((d) => d.kind === 'it')!;
  const levels = slaLevels(presentDesk(desk).sla).map((l) => l.key);
  const now = clock.now().toISOString();
  // Opened every (60 days / n) back from now; priorities P1-P4 in turn; due times are not read by the sweep.
  await database.db.execute(sql`
    insert into tickets (id, practice_id, number, desk_id, category, requester_label, phi, title, description, impact,
      urgency, priority, status, first_response_due_at, resolution_due_at, created_at, updated_at, assignee_party_id,
      assignee_party_name, assignee_side)
    select gen_random_uuid(), ${practiceId}::uuid, i, ${desk.id}::uuid, 'email', 'bench', false, 'Printer jam ' || i, '',
      'medium', 'high', 'P' || (1 + i % 4), (array['new','in_progress','waiting'])[1 + i % 3],
      ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz - make_interval(secs => i * ${(60 * 86_400) / ticketCount}::float8),
      ${now}::timestamptz, null, 'MSP help desk', 'msp'
    from generate_series(1, ${ticketCount}) as i`);
  await database.db.execute(sql`
    insert into ticket_events (id, practice_id, ticket_id, kind, at, actor_label, data)
    select gen_random_uuid(), practice_id, id, 'created', created_at, 'bench', '{}'::jsonb from tickets
    union all
    select gen_random_uuid(), practice_id, id, 'assigned', created_at + interval '5 minutes', 'bench',
      jsonb_build_object('to', jsonb_build_object('partyId', null, 'name', 'MSP help desk', 'side', 'msp'))
    from tickets`);
  await database.db.execute(sql`
    insert into ticket_sla_alerts (ticket_id, practice_id, clock, level, fired_at)
    select t.id, t.practice_id, c.clock, l.level, ${now}::timestamptz from tickets t
      cross join (values ('first_response'), ('resolution')) as c(clock)
      cross join jsonb_array_elements_text(${JSON.stringify(levels)}::jsonb) as l(level)`);
  await database.db.execute(sql`analyze`);
  return practiceId;
}

const pg = await startPostgres();
if (!('url' in pg)) throw new Error(`PostgreSQL is needed: ${pg.missing}`);
try {
  const database = await openDatabase({ kind: 'postgres', url: pg.url });
  const practiceId = await seed(database);
  const deps: SweepDeps = {
    database,
    clock,
    keyring: testKeyring(),
    // Every level has fired, so the sweep has nothing to tell: a notice would be a bug in the bench.
    notifier: { queue: null as never, clock },
    publicUrl: 'http://127.0.0.1',
  };
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const fired = await sweepPractice(deps, practiceId);
    times.push(performance.now() - started);
    if (fired !== 0) throw new Error(`the sweep fired ${fired} levels; every level was seeded as fired`);
  }
  await database.close();
  console.log(
    `machine: ${describeMachine()}; load average ${os.loadavg()[0]!.toFixed(1)}; ${ticketCount} open tickets`,
  );
  console.log(`PostgreSQL SLA sweep of one practice: ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}`);
} finally {
  pg.stop();
}
