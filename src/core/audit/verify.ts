/**
 * Checks the audit chain from the first entry to the head: every entry must match its own hash,
 * follow the previous one without a gap in seq, carry the previous entry's hash as prev_hash,
 * and the last one must be what audit_head records. Reads in seq order, a batch at a time by
 * keyset (seq > last seen), so memory stays flat and each batch is an index range scan.
 *
 * The chain proves that nothing was edited, removed or reordered by someone who did not also
 * recompute every later hash; recording the head hash somewhere else (the CLI prints it) closes
 * that gap for everything up to that point.
 */
import type { Database } from '../db/database.ts';
import { auditHash, genesisHash } from './hash.ts';
import { readEntries, readHead, type StoredEntry } from './read-entries.ts';

export type AuditProblemKind = 'modified' | 'deleted' | 'reordered' | 'head_mismatch';

export interface AuditEntryRef {
  seq: number;
  id: string;
  action: string;
  at: string;
}

export interface AuditProblem {
  /** The first bad position: the entry found there, or the first missing seq. */
  seq: number;
  kind: AuditProblemKind;
  message: string;
  /** The entry at (or, for a gap, right after) the problem, when there is one. */
  entry?: AuditEntryRef;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** The chain head the check ran up to; record its hash elsewhere to anchor the log. */
  head: { seq: number; hash: string };
  problem?: AuditProblem;
}

export interface VerifyOptions {
  batchSize?: number;
  onProgress?: (checked: number, total: number) => void;
}

function ref(entry: StoredEntry): AuditEntryRef {
  return { seq: entry.seq, id: entry.id, action: entry.action, at: entry.at };
}

function describe(entry: StoredEntry): string {
  return `seq ${entry.seq} (id ${entry.id}, ${entry.action} at ${entry.at})`;
}

/** How far around a bad entry to look for where it came from; only read when something is wrong. */
const diagnosisWindow = 1000;

/**
 * An entry that fails its own hash was edited, or moved: its hash covers the seq it was written
 * with, so a moved entry matches its hash under another nearby seq. A moved entry whose
 * predecessor is nowhere nearby was moved down over deleted entries.
 */
async function diagnoseMismatch(database: Database, entry: StoredEntry): Promise<AuditProblem> {
  const nearby = await readEntries(
    database,
    Math.max(0, entry.seq - diagnosisWindow - 1),
    entry.seq + diagnosisWindow,
    2 * diagnosisWindow + 1,
  );
  const hashes = new Set(nearby.map((e) => e.hash).concat(genesisHash));
  for (let seq = Math.max(1, entry.seq - diagnosisWindow); seq <= entry.seq + diagnosisWindow; seq += 1) {
    if (seq === entry.seq || auditHash({ ...entry, seq }) !== entry.hash) continue;
    const deleted = !hashes.has(entry.prev_hash);
    return {
      seq: entry.seq,
      kind: deleted ? 'deleted' : 'reordered',
      entry: ref(entry),
      message: deleted
        ? `entry ${describe(entry)} was written as seq ${seq}: entries before it were deleted and the rest renumbered`
        : `entry ${describe(entry)} was written as seq ${seq}: entries were reordered`,
    };
  }
  return {
    seq: entry.seq,
    kind: 'modified',
    entry: ref(entry),
    message: `entry ${describe(entry)} does not match its hash: it was modified`,
  };
}

/** Synchronous on the hot path; an entry that fails its own hash is diagnosed separately. */
function checkEntry(
  entry: StoredEntry,
  previous: { seq: number; hash: string },
): AuditProblem | 'hash_mismatch' | undefined {
  if (entry.seq !== previous.seq + 1) {
    const missing =
      entry.seq - 1 === previous.seq + 1
        ? `entry ${previous.seq + 1} is`
        : `entries ${previous.seq + 1} to ${entry.seq - 1} are`;
    return {
      seq: previous.seq + 1,
      kind: 'deleted',
      entry: ref(entry),
      message: `${missing} missing (deleted) before ${describe(entry)}`,
    };
  }
  if (auditHash(entry) !== entry.hash) return 'hash_mismatch';
  if (entry.prev_hash !== previous.hash)
    return {
      seq: entry.seq,
      kind: 'reordered',
      entry: ref(entry),
      message: `entry ${describe(entry)} does not follow entry ${previous.seq}: the chain is broken (entries reordered, or entry ${previous.seq} rewritten with a recomputed hash)`,
    };
  return undefined;
}

/** Entries committed beyond the head were inserted around appendAudit, which moves both together. */
async function checkBeyondHead(database: Database, head: { seq: number }): Promise<AuditProblem | undefined> {
  const [beyond] = await readEntries(database, head.seq, Number.MAX_SAFE_INTEGER, 1);
  if (!beyond) return undefined;
  // Read the head again after the entry: an append that committed meanwhile moved both, legitimately.
  const now = await readHead(database);
  if (now && beyond.seq <= now.seq) return undefined;
  return {
    seq: beyond.seq,
    kind: 'head_mismatch',
    entry: ref(beyond),
    message: `entry ${describe(beyond)} lies beyond the chain head (seq ${now?.seq ?? head.seq}): it was inserted outside the audit writer`,
  };
}

export async function verifyAuditLog(database: Database, options: VerifyOptions = {}): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 10_000;
  // Appends move rows and head in one transaction, so every entry up to the head read here has
  // committed; entries appended while the check runs are left for the next check.
  const head = await readHead(database);
  if (!head) {
    const message = 'audit_head has no row: the chain head was deleted';
    return {
      ok: false,
      checked: 0,
      head: { seq: 0, hash: genesisHash },
      problem: { seq: 0, kind: 'head_mismatch', message },
    };
  }
  let previous: StoredEntry | { seq: number; hash: string } = { seq: 0, hash: genesisHash };
  let checked = 0;
  const fail = (problem: AuditProblem): AuditVerification => ({ ok: false, checked, head, problem });
  let pending = readEntries(database, 0, head.seq, batchSize);
  for (;;) {
    const batch = await pending;
    const last = batch.at(-1);
    const more = last !== undefined && batch.length === batchSize;
    // Ask for the next batch before hashing this one, so the database works on it meanwhile.
    if (more) pending = readEntries(database, last.seq, head.seq, batchSize);
    for (const entry of batch) {
      const problem = checkEntry(entry, previous);
      if (problem) {
        if (more) pending.catch(() => undefined); // abandoned: its failure must not go unhandled
        return fail(problem === 'hash_mismatch' ? await diagnoseMismatch(database, entry) : problem);
      }
      previous = entry;
      checked += 1;
    }
    options.onProgress?.(checked, head.seq);
    if (!more) break;
  }
  const last = 'id' in previous ? previous : undefined;
  if (previous.seq < head.seq)
    return fail({
      seq: previous.seq + 1,
      kind: 'head_mismatch',
      ...(last ? { entry: ref(last) } : {}),
      message: `entries ${previous.seq + 1} to ${head.seq} are missing at the end (deleted): the head records seq ${head.seq}, the last entry is ${last ? describe(last) : 'none'}`,
    });
  if (previous.hash !== head.hash)
    return fail({
      seq: previous.seq,
      kind: 'head_mismatch',
      ...(last ? { entry: ref(last) } : {}),
      message: `the head's hash does not match the last entry ${last ? describe(last) : '(none)'}: the head or the entry was rewritten`,
    });
  const beyond = await checkBeyondHead(database, head);
  return beyond ? fail(beyond) : { ok: true, checked, head };
}
