/**
 * Service desk full-text search (issue 18: p95 <= 150 ms at 1M tickets on PostgreSQL): `q` with
 * words over a practice seeded with --tickets tickets whose titles, descriptions and notes are
 * drawn from a 2,000-word vocabulary (so a word matches about 1 ticket in 300, a common one far
 * more), measured through readQueue as the route calls it (newest first, 50 a page).
 *
 *   npx tsx bench/desk-search.bench.ts [--tickets 100000] [--searches 200]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { auditKeysFrom, useAuditKeys } from '../src/core/audit/key.ts';
import { fixedClock } from '../src/core/clock.ts';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { withTenant } from '../src/core/tenancy/with-tenant.ts';
import { ensureDesks } from '../src/desk/desks.ts';
import { readQueue, type TicketStep } from '../src/desk/tickets.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { testKeyring } from '../test/support/world.ts';
import { describeMachine } from './machine.ts';
import { seedBenchPractice } from './support/bench-practice.ts';

const { values } = parseArgs({
  options: { tickets: { type: 'string', default: '100000' }, searches: { type: 'string', default: '200' } },
});
const [ticketCount, searches] = [Number(values.tickets), Number(values.searches)];
useAuditKeys(auditKeysFrom({ currentId: 'b1', keys: new Map([['b1', Buffer.alloc(32, 9)]]) }));
const clock = fixedClock(new Date('2026-12-01T15:00:00Z'));

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
    fn({ tx, clock, keyring: testKeyring(), practiceId, origin, mayWork: true, mayReadPhi: true }),
  );
}

/** Word n of the vocabulary: "w" and a number, so every word is its own lexeme. */
const word = (n: number) => `w${n}`;

async function seed(database: Database): Promise<string> {
  await database.migrate();
  const practiceId = await seedBenchPractice(database, { organizationKind: 'msp', timeZone: 'America/Chicago' });
  const [it] = (await step(database, practiceId, (s) => ensureDesks(s))).map((d) => d.id);
  // Each ticket: 6 title/description words and 4 note words; word k is drawn with weight ~1/k (Zipf-like).
  const pick = sql.raw(`'w' || floor(exp(random() * ln(2000)))::int`);
  await database.db.execute(sql`
    insert into tickets (id, practice_id, number, desk_id, category, requester_label, phi, title, description, impact,
      urgency, priority, status, first_response_due_at, resolution_due_at, created_at, updated_at, search_text, search_notes)
    select gen_random_uuid(), ${practiceId}::uuid, i, ${it}::uuid, 'email', 'bench', false, t.title, t.body, 'medium',
      'high', 'P2', (array['new','in_progress','waiting','resolved','closed'])[1 + i % 5],
      now(), now(), now() - (i || ' minutes')::interval, now(),
      to_tsvector('english', t.title || ' ' || t.body), to_tsvector('english', t.note)
    from generate_series(1, ${ticketCount}) as i,
      lateral (select ${pick} || ' ' || ${pick} || ' ' || ${pick} || ' ' || i::text as title,
                      ${pick} || ' ' || ${pick} || ' ' || ${pick} as body,
                      ${pick} || ' ' || ${pick} || ' ' || ${pick} || ' ' || ${pick} as note) as t`);
  await database.db.execute(sql`analyze tickets`);
  return practiceId;
}

/** A query mix: a rare word, a mid word, a common word, two words, a phrase of a rare word and a number-like one. */
const queries = (i: number) =>
  [
    word(1500 + (i % 400)),
    word(100 + (i % 200)),
    word(2 + (i % 5)),
    `${word(40 + (i % 50))} ${word(3 + (i % 7))}`,
    `-${word(2)} ${word(700 + (i % 300))}`,
  ][i % 5]!;

async function measure(database: Database) {
  const practiceId = await seed(database);
  const times: number[] = [];
  for (let i = 0; i < searches; i++) {
    const started = performance.now();
    await step(database, practiceId, (s) => readQueue(s, { words: queries(i) }, { limit: 50 }));
    times.push(performance.now() - started);
  }
  await database.close();
  return times.sort((a, b) => a - b);
}

const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!.toFixed(1);
const pg = await startPostgres();
if (!('url' in pg)) throw new Error(`PostgreSQL is needed: ${pg.missing}`);
try {
  const times = await measure(await openDatabase({ kind: 'postgres', url: pg.url }));
  console.log(`machine: ${describeMachine()}; load average ${os.loadavg()[0]!.toFixed(1)}; ${ticketCount} tickets`);
  console.log(
    `PostgreSQL search (q words, page of 50): p50 ${q(times, 0.5)} ms, p95 ${q(times, 0.95)} ms, max ${q(times, 1)} ms`,
  );
} finally {
  pg.stop();
}
