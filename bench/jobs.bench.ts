/**
 * Job queue benchmark (issue 17): (a) what sending a job adds to a practice's request
 * transaction, p50 and p99, taking turns with pg-boss's insert statement alone (what a send costs
 * beyond Tandem's and pg-boss's JavaScript, which is also timed alone), beside the same figures
 * for a plain one-row insert in the same kind of transaction (the floor this machine and engine
 * set for any write) and for a transactional outbox's row (the job written as a plain row,
 * relayed to pg-boss after commit); (b) trivial jobs
 * per second through one worker (one JobQueue, one worker loop fetching `--batch` jobs at a time);
 * (c) how fast such an outbox's relay moves rows into pg-boss, on PGlite and PostgreSQL.
 *
 *   npx tsx bench/jobs.bench.ts [--sends 3000] [--jobs 10000] [--batch 100] [--engines pglite,postgres]
 *
 * PostgreSQL is a throwaway server started here (test/support/postgres-server.ts: fsync off, as
 * in the tests), on the same machine.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase, type Database, type Db } from '../src/core/db/database.ts';
import { newId } from '../src/core/ids.ts';
import { defineJob, jobWorker } from '../src/core/jobs/job-type.ts';
import { JobQueue } from '../src/core/jobs/queue.ts';
import { unsafeWithSystemSending, withTenant } from '../src/core/tenancy/with-tenant.ts';
import { executeRows } from '../src/core/db/rows.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { describeMachine } from './machine.ts';

const { values } = parseArgs({
  options: {
    sends: { type: 'string', default: '3000' },
    jobs: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '100' },
    engines: { type: 'string', default: 'pglite,postgres' },
  },
});
const sends = Number(values.sends);
const jobs = Number(values.jobs);
const batch = Number(values.batch);

const trivial = defineJob({ name: 'bench.trivial', data: z.object({ n: z.number().int() }) });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

type Write = (tx: Db, i: number) => Promise<unknown>;

/**
 * Times each write alone, `sends` times, each inside a practice transaction that writes nothing
 * else; several writes take turns, so a change in the machine's load between them falls on all.
 */
async function timeInTransactions(database: Database, writes: [what: string, write: Write][]): Promise<string[]> {
  const practiceId = newId();
  const times = writes.map((): number[] => []);
  for (let i = 0; i < sends; i += 1) {
    for (const [k, [, write]] of writes.entries()) {
      await withTenant(database.db, practiceId, async (tx) => {
        const start = process.hrtime.bigint();
        await write(tx, i);
        times[k]!.push(Number(process.hrtime.bigint() - start) / 1e6);
      });
    }
  }
  // The first few hundred warm up prepared plans and the JIT; the figure is the steady state.
  return writes.map(([what], k) => {
    const steady = times[k]!.slice(Math.min(500, Math.floor(sends / 5))).sort((a, b) => a - b);
    return `${what} in a practice transaction: p50 ${percentile(steady, 50).toFixed(3)} ms, p99 ${percentile(steady, 99).toFixed(3)} ms (${steady.length} of them)`;
  });
}

/** A stand-in for a transaction's connection that records what is sent to it and answers at once. */
function recordingTx(sent: { text: string; values: unknown[] }[]): Db {
  const $client = {
    query: (q: { name: string; text: string; values: unknown[] }) => {
      sent.push({ text: q.text, values: q.values });
      return Promise.resolve({ rows: [{ id: newId() }] });
    },
  };
  return { $client } as unknown as Db;
}

/**
 * (a): a job sent inside a practice transaction, taking turns with pg-boss's insert statement alone
 * on the transaction's real connection, with the values a send passes (bypassing Tandem's and
 * pg-boss's JavaScript); and that JavaScript alone (the job's zod check, pg-boss's argument
 * checks, the statement's name), timed with a connection that answers at once. Also counts the
 * statements a send issues.
 */
async function measureSend(database: Database, queue: JobQueue): Promise<string[]> {
  const sent: { text: string; values: unknown[] }[] = [];
  const tx = recordingTx(sent);
  const js: number[] = [];
  for (let i = 0; i < sends; i += 1) {
    const start = process.hrtime.bigint();
    await queue.send(trivial, { n: i }, { tx });
    js.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const perSend = sent.length / sends;
  const { text, values } = sent[0]!;
  const name = `bench_${newId().slice(0, 8)}`;
  const alone: Write = (t, i) => {
    const client = (t as unknown as { $client: { query(q: object | string, v?: unknown[]): Promise<unknown> } })
      .$client;
    const v = [...values];
    v[2] = JSON.stringify({ n: i });
    return database.mode === 'postgres' ? client.query({ name, text, values: v }) : client.query(text, v);
  };
  const timed = await timeInTransactions(database, [
    ['send', (t, i) => queue.send(trivial, { n: i }, { tx: t })],
    ["pg-boss's insert alone", alone],
  ]);
  const steady = js.slice(Math.min(500, Math.floor(sends / 5))).sort((a, b) => a - b);
  return [
    ...timed,
    `statements per send: ${perSend}; JavaScript of a send (zod, pg-boss's checks, no database): p50 ${percentile(steady, 50).toFixed(3)} ms, p99 ${percentile(steady, 99).toFixed(3)} ms`,
  ];
}

/** (a), the floor: a plain insert of one small row, with a primary key and a JSON value, the same way. */
async function measurePlainInsert(database: Database): Promise<string> {
  await database.query(
    'create table bench_plain_insert (id uuid primary key, data jsonb not null, created_at timestamptz not null default now())',
  );
  await database.query('grant insert on bench_plain_insert to tandem_app');
  const [line] = await timeInTransactions(database, [
    [
      'plain one-row insert',
      (tx, i) =>
        tx.execute(sql`insert into bench_plain_insert (id, data) values (${newId()}, ${JSON.stringify({ n: i })})`),
    ],
  ]);
  return line!;
}

/** (a), an outbox's row: what a job would cost the request if it were written as a plain row. */
async function measureOutboxInsert(database: Database): Promise<string> {
  await database.query(
    'create table bench_job_outbox (id uuid primary key, name text not null, data jsonb not null, start_after timestamptz, created_at timestamptz not null default now())',
  );
  await database.query('grant insert on bench_job_outbox to tandem_app');
  const [line] = await timeInTransactions(database, [
    [
      'outbox row insert',
      (tx, i) =>
        tx.execute(
          sql`insert into bench_job_outbox (id, name, data) values (${newId()}, ${trivial.name}, ${JSON.stringify({ n: i })})`,
        ),
    ],
  ]);
  return line!;
}

/**
 * (c): the outbox's relay, `jobs` rows moved to pg-boss `--batch` at a time, each batch one
 * transaction (the rows deleted, their jobs sent), so a row becomes a job exactly once and a crash
 * in between loses nothing. The worker of (b) is still running, as it would be.
 */
async function measureRelay(database: Database, queue: JobQueue): Promise<string> {
  await database.query('delete from bench_job_outbox');
  await database.query(
    `insert into bench_job_outbox (id, name, data) select gen_random_uuid(), '${trivial.name}', jsonb_build_object('n', g) from generate_series(1, ${jobs}) g`,
  );
  const take = sql`delete from bench_job_outbox where id in
    (select id from bench_job_outbox order by created_at, id limit ${batch} for update skip locked) returning data`;
  const start = process.hrtime.bigint();
  let moved = 0;
  for (;;) {
    const n = await unsafeWithSystemSending(database.db, async (tx) => {
      const rows = await executeRows<{ data: { n: number } }>(tx, take);
      for (const row of rows) await queue.send(trivial, row.data, { tx });
      return rows.length;
    });
    if (n === 0) break;
    moved += n;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return `outbox relay, batch ${batch}: ${moved} rows in ${seconds.toFixed(2)} s = ${Math.round(moved / seconds)} rows/s`;
}

/** (b): the queue emptied of (a)'s jobs, `jobs` queued, then one worker started and timed to the last completion. */
async function measureThroughput(database: Database, queue: JobQueue): Promise<string> {
  await database.query(`delete from pgboss.job where name = 'bench.trivial'`);
  for (let i = 0; i < jobs; i += 1) await queue.send(trivial, { n: i });
  let done = 0;
  let finished: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (finished = resolve));
  const start = process.hrtime.bigint();
  await queue.work([
    jobWorker(
      trivial,
      async () => {
        done += 1;
        if (done === jobs) finished();
      },
      batch,
    ),
  ]);
  await all;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return `one worker, batch ${batch}: ${jobs} jobs in ${seconds.toFixed(2)} s = ${Math.round(jobs / seconds)} jobs/s`;
}

async function run(engine: string): Promise<void> {
  const server = engine === 'postgres' ? await startPostgres() : undefined;
  if (server && 'missing' in server) throw new Error(server.missing);
  try {
    const database = await openDatabase(server ? { kind: 'postgres', url: server.url } : { kind: 'memory' });
    await database.migrate();
    const queue = await JobQueue.open(database, {
      postgresUrl: server?.url,
      types: [trivial],
      supervise: false,
      pollingIntervalSeconds: 0.5,
    });
    for (const line of await measureSend(database, queue)) console.log(`${engine}: ${line}`);
    console.log(`${engine}: ${await measurePlainInsert(database)}`);
    console.log(`${engine}: ${await measureOutboxInsert(database)}`);
    console.log(`${engine}: ${await measureThroughput(database, queue)}`);
    console.log(`${engine}: ${await measureRelay(database, queue)}`);
    await queue.stop();
    await database.close();
  } finally {
    server?.stop();
  }
}

console.log(`${new Date().toISOString()} ${describeMachine()}`);
for (const engine of values.engines.split(',')) await run(engine);
