/**
 * Webhook delivery throughput (issue 17): `--deliveries` test events queued for one webhook aimed
 * at a receiver on 127.0.0.1 that answers 200 at once, then one worker (batch 10, as `tandem serve`
 * runs it) timed until the last delivery is recorded as succeeded. Each delivery is a job, a
 * decrypt, an HMAC, one HTTP POST and two writes, so this is the ceiling Tandem itself puts on a
 * fast receiver.
 *
 *   npx tsx bench/webhooks.bench.ts [--deliveries 1000] [--engines pglite,postgres]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { systemClock } from '../src/core/clock.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { jobWorker } from '../src/core/jobs/job-type.ts';
import { JobQueue } from '../src/core/jobs/queue.ts';
import { deliverWebhook, deliverWebhookHandler, queueDelivery, testBody } from '../src/webhooks/delivery.ts';
import { addDelivery, createWebhook } from '../src/webhooks/store.ts';
import { webhookDeliveries } from '../src/webhooks/tables.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { describeMachine } from './machine.ts';
import { seedBenchPractice } from './support/bench-practice.ts';

const { values } = parseArgs({
  options: {
    deliveries: { type: 'string', default: '1000' },
    engines: { type: 'string', default: 'pglite,postgres' },
  },
});
const count = Number(values.deliveries);
const keyring = { currentId: 'bench', keys: new Map([['bench', randomBytes(32)]]) };

async function run(engine: string, receiverUrl: string): Promise<void> {
  const server = engine === 'postgres' ? await startPostgres() : undefined;
  if (server && 'missing' in server) throw new Error(server.missing);
  try {
    const database = await openDatabase(server ? { kind: 'postgres', url: server.url } : { kind: 'memory' });
    await database.migrate();
    const db = database.db;
    const practiceId = await seedBenchPractice(database);
    const input = {
      url: receiverUrl,
      format: 'tandem' as const,
      description: '',
      events: ['matrix.agreed' as const],
      active: true,
      allowPrivateTargets: true,
    };
    const { row: webhook } = await createWebhook(db, { practiceId }, input, keyring, systemClock);
    const queue = await JobQueue.open(database, {
      postgresUrl: server?.url,
      types: [deliverWebhook],
      supervise: false,
      pollingIntervalSeconds: 0.5,
    });
    for (let i = 0; i < count; i += 1) {
      const delivery = await addDelivery(db, webhook, testBody(practiceId, 'bench', systemClock), systemClock);
      await queueDelivery(db, { queue, clock: systemClock }, delivery);
    }
    const start = process.hrtime.bigint();
    const handler = deliverWebhookHandler({ db, keyring, clock: systemClock, queue });
    await queue.work([jobWorker(deliverWebhook, handler, 10)]);
    const succeeded = async () => {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.status, 'succeeded'));
      return row?.n ?? 0;
    };
    while ((await succeeded()) < count) await new Promise((resolve) => setTimeout(resolve, 100));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(
      `${engine}: ${count} deliveries in ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} deliveries/s (one worker, batch 10)`,
    );
    await queue.stop();
    await database.close();
  } finally {
    server?.stop();
  }
}

const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200).end('ok'));
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
console.log(`${new Date().toISOString()} ${describeMachine()}`);
for (const engine of values.engines.split(',')) await run(engine, url);
receiver.close();
