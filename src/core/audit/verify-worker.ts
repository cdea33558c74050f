/**
 * The worker thread of verifyAuditLog (started through verify-worker.mjs). Each message is a batch
 * as the text the database returned (read-entries.ts) with the entry the batch must follow; the
 * reply is its BatchCheck. Batches arrive and are answered in order.
 */
import { parentPort } from 'node:worker_threads';
import { checkBatch, type ChainLink } from './chain.ts';
import { parseEntries } from './read-entries.ts';

export interface BatchToCheck {
  text: string;
  previous: ChainLink;
}

parentPort?.on('message', ({ text, previous }: BatchToCheck) => {
  parentPort?.postMessage(checkBatch(parseEntries(text), previous));
});
