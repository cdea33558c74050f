/**
 * Where a job send's time goes on the PostgreSQL server (issue 17: enqueue p99 <= 1 ms): pg-boss's
 * insert statement, as JobQueue.send passes it, prepared and run under EXPLAIN ANALYZE with each
 * plan cache mode, giving the server's planning and execution time per send (the mean of the runs
 * after the first 50). bench/jobs.bench.ts times the same statement from the client.
 *
 *   npx tsx bench/job-insert-plan.bench.ts [--runs 300]
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { openDatabase, type Db } from '../src/core/db/database.ts';
import { defineJob } from '../src/core/jobs/job-type.ts';
import { JobQueue } from '../src/core/jobs/queue.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { describeMachine } from './machine.ts';

const runs = Number(parseArgs({ options: { runs: { type: 'string', default: '300' } } }).values.runs);
const trivial = defineJob({ name: 'bench.trivial', data: z.object({ n: z.number().int() }) });

/** The statement and values one send passes to its transaction's connection. */
async function sendStatement(queue: JobQueue): Promise<{ text: string; values: unknown[] }> {
  let sent: { text: string; values: unknown[] } | undefined;
  const $client = {
    query: (q: { text: string; values: unknown[] }) => ((sent = q), Promise.resolve({ rows: [{ id: 'x' }] })),
  };
  await queue.send(trivial, { n: 0 }, { tx: { $client } as unknown as Db });
  return sent!;
}

const server = await startPostgres();
if ('missing' in server) throw new Error(server.missing);
const database = await openDatabase({ kind: 'postgres', url: server.url });
const client = new pg.Client({ connectionString: server.url });
try {
  await database.migrate();
  const queue = await JobQueue.open(database, { postgresUrl: server.url, types: [trivial], supervise: false });
  const { text, values } = await sendStatement(queue);
  await client.connect();
  const literal = (v: unknown) => (v === null || v === undefined ? 'null' : client.escapeLiteral(String(v)));
  console.log(`${new Date().toISOString()} ${describeMachine()}`);
  for (const mode of ['auto', 'force_custom_plan', 'force_generic_plan']) {
    await client.query(`set plan_cache_mode = ${mode}`);
    await client.query(`prepare send_job as ${text}`);
    let planning = 0;
    let execution = 0;
    for (let i = 0; i < runs; i += 1) {
      const args = values.map((v, j) => literal(j === 2 ? JSON.stringify({ n: i }) : v));
      const { rows } = await client.query(`explain (analyze, format json) execute send_job(${args.join(', ')})`);
      const plan = (rows[0] as { 'QUERY PLAN': { 'Planning Time'?: number; 'Execution Time': number }[] })[
        'QUERY PLAN'
      ][0]!;
      if (i < 50) continue;
      planning += plan['Planning Time'] ?? 0;
      execution += plan['Execution Time'];
    }
    const n = runs - 50;
    console.log(
      `${mode}: planning ${(planning / n).toFixed(3)} ms, execution ${(execution / n).toFixed(3)} ms a send (mean of ${n})`,
    );
    await client.query('deallocate send_job');
  }
  await queue.stop();
} finally {
  await client.end();
  await database.close();
  server.stop();
}
