/**
 * The chain rule, in one place for both checkers: verify.ts on this thread and verify-worker.ts on
 * a worker thread (PGlite logs longer than one batch). Pure: no database, so the worker loads only
 * this, hash.ts, mac.ts and the parser in read-entries.ts.
 *
 * An entry's hash is a plain SHA-256 (key_id null: written before migration 0012) or an HMAC under
 * the audit key it names. Once an entry is keyed every later one must be: a plain entry after a
 * keyed one was downgraded by someone who could not compute the HMAC.
 */
import { auditHash, canonicalEntry, genesisHash } from './hash.ts';
import type { AuditMac } from './mac.ts';
import type { StoredEntry } from './read-entries.ts';

export interface ChainLink {
  seq: number;
  hash: string;
  /** The entry at seq was keyed; absent or false: a plain entry, or the start. */
  keyed?: boolean;
}

/** What the first entry follows. */
export const chainStart: Readonly<ChainLink> = Object.freeze({ seq: 0, hash: genesisHash });

/** The audit keys a checker knows, by id. */
export type MacsById = ReadonlyMap<string, AuditMac>;

/**
 * gap: seq does not follow; downgrade: a plain entry after a keyed one; key: keyed under a key
 * the checker does not have; hash: the entry fails its own hash; link: prev_hash is not the
 * previous hash.
 */
export type ChainBreak = 'gap' | 'downgrade' | 'key' | 'hash' | 'link';

/** The hash `entry` should have under its own kind (plain or keyed); undefined: unknown key. */
export function expectedHash(entry: StoredEntry, macs: MacsById): string | undefined {
  if (entry.key_id === null) return auditHash(entry);
  return macs.get(entry.key_id)?.hex(canonicalEntry(entry));
}

/** Why `entry` cannot follow `previous`, checked in this order; undefined when it can. */
export function chainBreak(entry: StoredEntry, previous: ChainLink, macs: MacsById): ChainBreak | undefined {
  if (entry.seq !== previous.seq + 1) return 'gap';
  if (entry.key_id === null && previous.keyed) return 'downgrade';
  const expected = expectedHash(entry, macs);
  if (expected === undefined) return 'key';
  if (expected !== entry.hash) return 'hash';
  if (entry.prev_hash !== previous.hash) return 'link';
  return undefined;
}

export interface BatchCheck {
  /** Entries that followed the chain, from the start of the batch. */
  checked: number;
  /** The last of those, when there is one: the chain continues from it. */
  last?: StoredEntry;
  /** The seq of the first keyed entry among those, when there is one. */
  firstKeyed?: number;
  /** The first entry that broke the chain; nothing after it was checked. */
  bad?: { entry: StoredEntry; kind: ChainBreak };
}

export function linkOf(entry: StoredEntry): ChainLink {
  return { seq: entry.seq, hash: entry.hash, keyed: entry.key_id !== null };
}

/** Checks a batch in seq order after `previous`, stopping at the first break. */
export function checkBatch(entries: readonly StoredEntry[], previous: ChainLink, macs: MacsById): BatchCheck {
  // One link, updated in place: millions of entries go through here.
  const link: ChainLink = { seq: previous.seq, hash: previous.hash, keyed: previous.keyed === true };
  let last: StoredEntry | undefined;
  let firstKeyed: number | undefined;
  for (let i = 0; i < entries.length; i += 1) {
    const entry = entries[i] as StoredEntry;
    const kind = chainBreak(entry, link, macs);
    if (kind) {
      const done = { ...(last ? { last } : {}), ...(firstKeyed !== undefined ? { firstKeyed } : {}) };
      return { checked: i, ...done, bad: { entry, kind } };
    }
    if (firstKeyed === undefined && entry.key_id !== null) firstKeyed = entry.seq;
    last = entry;
    link.seq = entry.seq;
    link.hash = entry.hash;
    link.keyed = entry.key_id !== null;
  }
  return {
    checked: entries.length,
    ...(last ? { last } : {}),
    ...(firstKeyed !== undefined ? { firstKeyed } : {}),
  };
}
