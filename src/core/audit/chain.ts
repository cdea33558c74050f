/**
 * The chain rule, in one place for both checkers: verify.ts on this thread and verify-worker.ts on
 * a worker thread (PGlite logs longer than one batch). Pure: no database, so the worker loads only
 * this, hash.ts and the parser in read-entries.ts.
 */
import { auditHash, genesisHash } from './hash.ts';
import type { StoredEntry } from './read-entries.ts';

export interface ChainLink {
  seq: number;
  hash: string;
}

/** What the first entry follows. */
export const chainStart: Readonly<ChainLink> = Object.freeze({ seq: 0, hash: genesisHash });

/** gap: seq does not follow; hash: the entry fails its own hash; link: prev_hash is not the previous hash. */
export type ChainBreak = 'gap' | 'hash' | 'link';

/** Why `entry` cannot follow `previous`, checked in this order; undefined when it can. */
export function chainBreak(entry: StoredEntry, previous: ChainLink): ChainBreak | undefined {
  if (entry.seq !== previous.seq + 1) return 'gap';
  if (auditHash(entry) !== entry.hash) return 'hash';
  if (entry.prev_hash !== previous.hash) return 'link';
  return undefined;
}

export interface BatchCheck {
  /** Entries that followed the chain, from the start of the batch. */
  checked: number;
  /** The last of those, when there is one: the chain continues from it. */
  last?: StoredEntry;
  /** The first entry that broke the chain; nothing after it was checked. */
  bad?: { entry: StoredEntry; kind: ChainBreak };
}

/** Checks a batch in seq order after `previous`, stopping at the first break. */
export function checkBatch(entries: readonly StoredEntry[], previous: ChainLink): BatchCheck {
  let link = previous;
  let last: StoredEntry | undefined;
  for (const [i, entry] of entries.entries()) {
    const kind = chainBreak(entry, link);
    if (kind) return { checked: i, ...(last ? { last } : {}), bad: { entry, kind } };
    link = last = entry;
  }
  return { checked: entries.length, ...(last ? { last } : {}) };
}
