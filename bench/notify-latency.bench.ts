/**
 * Notice latency (issue 17): from the commit of the transaction that raised a notice to the SMTP
 * server accepting its email, through the job queue as `tandem serve` runs it (pg-boss polling
 * every second, one delivery worker) and a real SMTP server on 127.0.0.1. Events come at random
 * moments (0-1.5 s apart), so they land anywhere in the worker's polling cycle. Budget: within
 * 2 s at idle.
 *
 *   npx tsx bench/notify-latency.bench.ts [--events 30] [--engines pglite,postgres]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/clock.ts';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { memberships, users } from '../src/core/identity/tables.ts';
import { newId } from '../src/core/ids.ts';
import { jobWorker } from '../src/core/jobs/job-type.ts';
import { JobQueue } from '../src/core/jobs/queue.ts';
import { organizations, practices } from '../src/core/tenancy/tables.ts';
import { withTenant } from '../src/core/tenancy/with-tenant.ts';
import { deliverHandler, deliverNotice } from '../src/notify/jobs.ts';
import { smtpMailer } from '../src/notify/mailer.ts';
import { notify } from '../src/notify/notify.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { startSmtpSink } from '../test/support/smtp-sink.ts';
import { describeMachine } from './machine.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '30' },
    engines: { type: 'string', default: 'pglite,postgres' },
  },
});
const events = Number(values.events);

async function seedPractice(database: Database): Promise<{ practiceId: string; userId: string; email: string }> {
  const organizationId = newId();
  const practiceId = newId();
  const userId = newId();
  const email = 'manager@alder.example';
  await database.db.insert(organizations).values({ id: organizationId, name: 'Harbor IT', kind: 'msp' });
  await database.db.insert(practices).values({
    id: practiceId,
    organizationId,
    name: 'Alder Family Medicine',
    specialty: 'medical',
    jurisdiction: 'US',
    timeZone: 'America/Chicago',
  });
  await database.db.insert(users).values({ id: userId, organizationId, email, displayName: 'Manager' });
  await database.db.insert(memberships).values({ userId, practiceId, role: 'practice_admin' });
  return { practiceId, userId, email };
}

/** Milliseconds from each notice's commit to its email's acceptance by the SMTP server, sorted. */
async function latencies(database: Database, postgresUrl: string | undefined): Promise<number[]> {
  await database.migrate();
  const smtp = await startSmtpSink();
  const { practiceId, userId, email } = await seedPractice(database);
  const queue = await JobQueue.open(database, { postgresUrl, types: [deliverNotice], supervise: true });
  const mailer = smtpMailer(smtp.url, 'Tandem <tandem@harbor.example>');
  await queue.work([jobWorker(deliverNotice, deliverHandler({ db: database.db, mailer, clock: systemClock }))]);
  const times: number[] = [];
  for (let i = 0; i < events; i++) {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 1500));
    const params = {
      practiceName: 'Alder Family Medicine',
      version: i + 1,
      by: 'msp' as const,
      byName: 'Harbor',
      url: 'https://tandem.example/x',
    };
    await withTenant(database.db, practiceId, (tx) =>
      notify(tx, { queue, clock: systemClock }, practiceId, 'matrix.proposed', { ...params }, [{ userId, email }]),
    );
    const committed = performance.now();
    while (smtp.messages.length <= i) await new Promise((resolve) => setTimeout(resolve, 2));
    times.push(performance.now() - committed);
  }
  await queue.stop();
  await smtp.close();
  await database.close();
  return times.sort((a, b) => a - b);
}

const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const report = (engine: string, xs: number[]) =>
  console.log(
    `${engine}: ${xs.length} notices, commit to SMTP accepted: p50 ${q(xs, 0.5).toFixed(0)} ms, p95 ${q(xs, 0.95).toFixed(0)} ms, max ${xs.at(-1)!.toFixed(0)} ms, ${xs.filter((x) => x > 2000).length} over 2 s`,
  );

console.log(`machine: ${describeMachine()}; load average at start ${os.loadavg()[0]!.toFixed(1)}`);
const engines = values.engines.split(',');
if (engines.includes('pglite')) report('PGlite', await latencies(await openDatabase({ kind: 'memory' }), undefined));
if (engines.includes('postgres')) {
  const pg = await startPostgres();
  if (!('url' in pg)) throw new Error(pg.missing);
  try {
    report('PostgreSQL', await latencies(await openDatabase({ kind: 'postgres', url: pg.url }), pg.url));
  } finally {
    pg.stop();
  }
}
console.log(`load average at end ${os.loadavg()[0]!.toFixed(1)}`);
