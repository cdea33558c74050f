/**
 * The world the webhook suites share: a job queue that delivers webhooks (retries after 1 s
 * instead of minutes: the schedule's length, three retries, is what is tested), a test world
 * built on it, and a real receiver on 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Database } from '../../src/core/db/database.ts';
import { jobWorker } from '../../src/core/jobs/job-type.ts';
import { JobQueue } from '../../src/core/jobs/queue.ts';
import { deliverNotice } from '../../src/notify/jobs.ts';
import { deliverWebhook, deliverWebhookHandler } from '../../src/webhooks/delivery.ts';
import { WebhookReceiver } from './webhook-receiver.ts';
import { buildWorld, type World } from './world.ts';

/** A profile whose assessment the suites run to raise events. */
export const dentalProfile = parse(
  readFileSync(path.join(import.meta.dirname, '..', '..', 'examples', 'dental-4-no-it.yaml'), 'utf8'),
) as Record<string, unknown>;

export interface WebhookWorld {
  queue: JobQueue;
  world: World;
  receiver: WebhookReceiver;
  stop(): Promise<void>;
}

export async function startWebhookWorld(database: Database, postgresUrl: string | undefined): Promise<WebhookWorld> {
  const queue = await JobQueue.open(database, {
    postgresUrl,
    types: [deliverNotice, deliverWebhook],
    supervise: true,
    pollingIntervalSeconds: 0.5,
  });
  const world = await buildWorld(database, { jobs: queue });
  const handler = deliverWebhookHandler({
    db: database.db,
    keyring: world.keyring,
    clock: world.clock,
    queue,
    retrySchedule: [1, 1, 1],
  });
  await queue.work([jobWorker(deliverWebhook, handler, 5)]);
  const receiver = await WebhookReceiver.start();
  return {
    queue,
    world,
    receiver,
    stop: async () => {
      await queue.stop();
      await receiver.stop();
    },
  };
}
