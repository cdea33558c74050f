/**
 * The worker thread of verifyAuditLog (started through verify-worker.mjs). Each message is a batch
 * as the text the database returned (read-entries.ts) with the entry the batch must follow; the
 * reply is its BatchCheck. Batches arrive and are answered in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkBatch, type ChainLink } from './chain.ts';
import { AuditMac } from './mac.ts';
import { parseEntries } from './read-entries.ts';

/** The audit keys by id, as raw bytes (workerData). */
export type WorkerKeys = [string, Uint8Array][];

const macs = new Map((workerData as WorkerKeys).map(([id, key]) => [id, new AuditMac(Buffer.from(key))]));

export interface BatchToCheck {
  text: string;
  previous: ChainLink;
}

parentPort?.on('message', ({ text, previous }: BatchToCheck) => {
  parentPort?.postMessage(checkBatch(parseEntries(text), previous, macs));
});
