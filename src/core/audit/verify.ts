/**
 * Checks the audit chain from the first entry to the head: every entry must match its own hash,
 * follow the previous one without a gap in seq, carry the previous entry's hash as prev_hash,
 * and the last one must be what audit_head records. Reads in seq order, a batch at a time by
 * keyset (seq > last seen), so memory stays flat and each batch is an index range scan. A log
 * longer than one batch is parsed and hashed on a worker thread while this thread reads the next
 * batch (PGlite runs on this thread); the problem found is described here either way.
 *
 * The chain proves that nothing was edited, removed or reordered by someone who did not also
 * recompute every later hash; recording the head hash somewhere else (the CLI prints it) closes
 * that gap for everything up to that point.
 */
import { Worker } from 'node:worker_threads';
import type { Database } from '../db/database.ts';
import { chainStart, checkBatch, type BatchCheck, type ChainBreak, type ChainLink } from './chain.ts';
import { auditHash, genesisHash } from './hash.ts';
import { parseEntries, readEntries, readEntriesText, readHead, type StoredEntry } from './read-entries.ts';
import type { BatchToCheck } from './verify-worker.ts';

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

/** The problem an entry that broke the chain (chain.ts) makes; one that fails its own hash is diagnosed separately. */
function breakProblem(entry: StoredEntry, previous: ChainLink, kind: Exclude<ChainBreak, 'hash'>): AuditProblem {
  if (kind === 'gap') {
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
  return {
    seq: entry.seq,
    kind: 'reordered',
    entry: ref(entry),
    message: `entry ${describe(entry)} does not follow entry ${previous.seq}: the chain is broken (entries reordered, or entry ${previous.seq} rewritten with a recomputed hash)`,
  };
}

/**
 * A worker thread that parses and checks the batches sent to it (verify-worker.ts), in order.
 * A worker that fails fails every check waiting on it.
 */
function startChainWorker(): { check(batch: BatchToCheck): Promise<BatchCheck>; terminate(): Promise<number> } {
  const worker = new Worker(new URL('./verify-worker.mjs', import.meta.url));
  const waiting: { resolve(result: BatchCheck): void; reject(error: Error): void }[] = [];
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const w of waiting.splice(0)) w.reject(failure);
  };
  worker.on('message', (result: BatchCheck) => waiting.shift()?.resolve(result));
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the audit verification worker stopped (exit code ${code})`)));
  return {
    check(batch) {
      const result = new Promise<BatchCheck>((resolve, reject) => {
        if (failure) reject(failure);
        else waiting.push({ resolve, reject });
      });
      if (!failure) worker.postMessage(batch);
      // Handled here as well: checks still queued when verification stops fail once it terminates the worker.
      result.catch(() => undefined);
      return result;
    },
    terminate: () => worker.terminate(),
  };
}

/** A batch to check, with the last entry it holds as stored: parsed already, or as text (PGlite). */
type Page = { count: number; last?: ChainLink } & ({ entries: StoredEntry[] } | { text: string });

async function readPage(database: Database, after: number, upTo: number, limit: number): Promise<Page> {
  if (database.mode === 'embedded') return readEntriesText(database, after, upTo, limit);
  const entries = await readEntries(database, after, upTo, limit);
  const last = entries.at(-1);
  return { count: entries.length, ...(last ? { last: { seq: last.seq, hash: last.hash } } : {}), entries };
}

/**
 * Reads batch N+1 while batch N is checked, and yields the checks in order, so at most two batches
 * are in flight. PGlite produces rows on this thread, so there a log longer than one batch is
 * parsed and hashed on a worker thread (starting one costs about 0.2 s, more than checking a
 * batch). node-postgres leaves the rows to the server, and this thread checks them meanwhile (a
 * worker would need the parsed rows copied over, which costs more than it saves). Each batch is
 * checked against the last entry of the batch before it as stored: a batch's check counts only
 * once every batch before it passed, and then that entry is what a check in one pass compares
 * with. The worker is terminated however this ends (done, a problem, an error).
 */
async function* checkBatches(database: Database, upTo: number, batchSize: number): AsyncGenerator<BatchCheck> {
  const worker = database.mode === 'embedded' && upTo > batchSize ? startChainWorker() : undefined;
  const checks: Promise<BatchCheck>[] = [];
  let previous: ChainLink = chainStart;
  let next: Promise<Page> | undefined = readPage(database, 0, upTo, batchSize);
  try {
    while (next) {
      const page: Page = await next;
      // Ask for the next batch first, so the database works on it while this one is checked.
      next = page.count === batchSize && page.last ? readPage(database, page.last.seq, upTo, batchSize) : undefined;
      if ('entries' in page) checks.push(Promise.resolve(checkBatch(page.entries, previous)));
      else if (worker && page.count > 0) checks.push(worker.check({ text: page.text, previous }));
      else checks.push(Promise.resolve(checkBatch(parseEntries(page.text), previous)));
      previous = page.last ?? previous;
      // The worker gets the next batch before this thread waits on its answer; this thread's answers are ready.
      while (checks.length > (next && worker ? 1 : 0)) {
        const result = await (checks.shift() as Promise<BatchCheck>);
        yield result;
        if (result.bad) return;
      }
    }
  } finally {
    next?.catch(() => undefined); // abandoned on a problem: its failure must not go unhandled
    await worker?.terminate();
  }
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
  let last: StoredEntry | undefined;
  let checked = 0;
  const fail = (problem: AuditProblem): AuditVerification => ({ ok: false, checked, head, problem });
  for await (const batch of checkBatches(database, head.seq, batchSize)) {
    checked += batch.checked;
    last = batch.last ?? last;
    if (batch.bad) {
      const { entry, kind } = batch.bad;
      if (kind === 'hash') return fail(await diagnoseMismatch(database, entry));
      return fail(breakProblem(entry, last ?? chainStart, kind));
    }
    options.onProgress?.(checked, head.seq);
  }
  const previous: ChainLink = last ?? chainStart;
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
