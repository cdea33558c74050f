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
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { inPackage } from '../package-root.ts';
import type { Database } from '../db/database.ts';
import {
  chainStart,
  checkBatch,
  expectedHash,
  linkOf,
  type BatchCheck,
  type ChainBreak,
  type ChainLink,
  type MacsById,
} from './chain.ts';
import { listCheckpoints, signatureValid, type Checkpoint } from './checkpoints.ts';
import { genesisHash } from './hash.ts';
import { auditKeys, type AuditKeys } from './key.ts';
import { parseEntries, readEntries, readEntriesText, readHead, type StoredEntry } from './read-entries.ts';
import type { BatchToCheck, WorkerKeys } from './verify-worker.ts';

/**
 * modified, deleted, reordered, head_mismatch: the chain itself. downgraded: a plain SHA-256 entry
 * where a keyed one belongs. unknown_key: keyed under a key the checker was not given.
 * truncated: entries a checkpoint vouches for are gone. rewritten: an entry differs from what a
 * checkpoint vouches for. checkpoint_deleted / checkpoint_forged: a checkpoint in the exported
 * file is missing from (or different in) the database, or a stored one fails its signature.
 */
export type AuditProblemKind =
  | 'modified'
  | 'deleted'
  | 'reordered'
  | 'head_mismatch'
  | 'downgraded'
  | 'unknown_key'
  | 'truncated'
  | 'rewritten'
  | 'checkpoint_deleted'
  | 'checkpoint_forged';

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
  /** The first problem (the chain's own first, when it has one). */
  problem?: AuditProblem;
  /** Every problem found: the chain's first, then what the checkpoints show. */
  problems?: AuditProblem[];
  /** How many checkpoints were checked: stored in the database, and in the exported file given. */
  checkpoints?: { stored: number; file?: number; latestSeq?: number };
}

export interface VerifyOptions {
  batchSize?: number;
  /**
   * Worker threads that parse and hash the batches of a log longer than one batch (default: two,
   * or one on a one-core machine); 0 checks every batch on this thread, the same way.
   */
  threads?: number;
  onProgress?: (checked: number, total: number) => void;
  /** The audit keys; default: the process's (useAuditKeys). */
  keys?: AuditKeys;
  /** Checkpoints from an exported file, checked too; `source` names it in messages. */
  exported?: { checkpoints: Checkpoint[]; source: string };
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
async function diagnoseMismatch(database: Database, entry: StoredEntry, macs: MacsById): Promise<AuditProblem> {
  const nearby = await readEntries(
    database,
    Math.max(0, entry.seq - diagnosisWindow - 1),
    entry.seq + diagnosisWindow,
    2 * diagnosisWindow + 1,
  );
  const hashes = new Set(nearby.map((e) => e.hash).concat(genesisHash));
  for (let seq = Math.max(1, entry.seq - diagnosisWindow); seq <= entry.seq + diagnosisWindow; seq += 1) {
    if (seq === entry.seq || expectedHash({ ...entry, seq }, macs) !== entry.hash) continue;
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
    message: `entry ${describe(entry)} does not match its hash: it was modified${entry.key_id === null ? '' : ` (HMAC under audit key ${entry.key_id}: a hash recomputed without the key cannot match)`}`,
  };
}

/** The problem an entry that broke the chain (chain.ts) makes; one that fails its own hash is diagnosed separately. */
function breakProblem(entry: StoredEntry, previous: ChainLink, kind: Exclude<ChainBreak, 'hash'>): AuditProblem {
  if (kind === 'downgrade')
    return {
      seq: entry.seq,
      kind: 'downgraded',
      entry: ref(entry),
      message: `entry ${describe(entry)} has a plain SHA-256 hash after keyed entry ${previous.seq}: it was rewritten without the audit key (downgraded)`,
    };
  if (kind === 'key')
    return {
      seq: entry.seq,
      kind: 'unknown_key',
      entry: ref(entry),
      message: `entry ${describe(entry)} is signed with audit key ${JSON.stringify(entry.key_id)}, which is not configured: add it (TANDEM_AUDIT_KEY or the key file) to verify the entry`,
    };
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
 * From the sources the worker's entry registers tsx before loading verify-worker.ts; bundled
 * (dist/, scripts/cli-build.mjs) it is the worker's own bundle.
 */
const workerEntry = import.meta.url.endsWith('.ts')
  ? new URL('./verify-worker.mjs', import.meta.url)
  : pathToFileURL(inPackage('dist', 'core', 'audit', 'verify-worker.js'));

interface ChainWorker {
  check(batch: BatchToCheck): Promise<BatchCheck>;
  terminate(): Promise<number>;
}

/**
 * A worker thread that parses and checks the batches sent to it (verify-worker.ts), in order.
 * A worker that fails fails every check waiting on it.
 */
function startChainWorker(keys: WorkerKeys): ChainWorker {
  const worker = new Worker(workerEntry, { workerData: keys });
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

/**
 * Workers that take batches in turn. A batch carries the entry it must follow as stored, so
 * batches are checked independently and in parallel; verify reads the answers in batch order.
 */
function startChainWorkers(macs: MacsById, count: number): ChainWorker & { size: number } {
  const keys: WorkerKeys = [...macs].map(([id, mac]) => [id, new Uint8Array(mac.key)]);
  const workers = Array.from({ length: count }, () => startChainWorker(keys));
  let turn = 0;
  return {
    size: count,
    check(batch) {
      const worker = workers[turn % count] as ChainWorker;
      turn += 1;
      return worker.check(batch);
    },
    terminate: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
      return 0;
    },
  };
}

/** A batch to check, with the last entry it holds as stored: parsed already, or as text (PGlite). */
type Page = { count: number; last?: ChainLink } & ({ entries: StoredEntry[] } | { text: string });

/**
 * A batch as text for the workers; without them, PostgreSQL's plain rows (node-postgres parses
 * them faster than this thread parses text), and PGlite's text, its fastest form.
 */
async function readPage(
  database: Database,
  after: number,
  upTo: number,
  limit: number,
  asText: boolean,
): Promise<Page> {
  if (asText || database.mode === 'embedded') return readEntriesText(database, after, upTo, limit);
  const entries = await readEntries(database, after, upTo, limit);
  const last = entries.at(-1);
  return { count: entries.length, ...(last ? { last: linkOf(last) } : {}), entries };
}

/** Two workers keep both cores of a small server busy: one reads (PGlite on this thread), two hash. */
const chainWorkers = Math.min(2, availableParallelism());

/**
 * Reads batch N+1 while batches are checked, and yields the checks in order. A log longer than one
 * batch is read as text and parsed and hashed on worker threads, a batch each in turn (starting
 * one costs about 0.2 s, more than checking a batch): PGlite produces rows on this thread, and
 * node-postgres would parse them here, so hashing here as well made this thread the bottleneck
 * on both engines once entries were keyed (docs/benchmarks.md). Each batch is checked against
 * the last entry of the batch before it as stored, so batches can be checked at the same time:
 * a batch's check counts only once every batch before it passed, and then that entry is what a
 * check in one pass compares with. The workers are terminated however this ends (done, a
 * problem, an error).
 */
async function* checkBatches(
  database: Database,
  upTo: number,
  batchSize: number,
  macs: MacsById,
  threads: number,
): AsyncGenerator<BatchCheck> {
  const worker = upTo > batchSize && threads > 0 ? startChainWorkers(macs, threads) : undefined;
  const checks: Promise<BatchCheck>[] = [];
  let previous: ChainLink = chainStart;
  let next: Promise<Page> | undefined = readPage(database, 0, upTo, batchSize, worker !== undefined);
  try {
    while (next) {
      const page: Page = await next;
      // Ask for the next batch first, so the database works on it while this one is checked.
      next =
        page.count === batchSize && page.last
          ? readPage(database, page.last.seq, upTo, batchSize, worker !== undefined)
          : undefined;
      if ('entries' in page) checks.push(Promise.resolve(checkBatch(page.entries, previous, macs)));
      else if (worker && page.count > 0) checks.push(worker.check({ text: page.text, previous }));
      else checks.push(Promise.resolve(checkBatch(parseEntries(page.text), previous, macs)));
      previous = page.last ?? previous;
      // Each worker has a batch before this thread waits on the oldest answer; this thread's answers are ready.
      while (checks.length > (next && worker ? worker.size : 0)) {
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

function describeCheckpoint(c: Checkpoint): string {
  return `checkpoint at seq ${c.seq} (signed ${c.at} with audit key ${c.key_id})`;
}

const sameCheckpoint = (a: Checkpoint, b: Checkpoint) =>
  a.seq === b.seq &&
  a.hash === b.hash &&
  a.at === b.at &&
  a.key_id === b.key_id &&
  a.first_keyed_seq === b.first_keyed_seq &&
  a.signature === b.signature;

/**
 * What the checkpoints (stored, and exported when given) show beyond the chain itself. `chain`
 * is how far the chain checked out: its last good entry and the first keyed seq seen up to it;
 * `intact` says the whole chain to the head checked out (otherwise only checkpoints the chain
 * was checked up to, and the file against the table, are compared).
 */
async function checkpointProblems(
  database: Database,
  macs: MacsById,
  stored: Checkpoint[],
  exported: VerifyOptions['exported'],
  chain: { upTo: number; firstKeyed: number | undefined; intact: boolean },
): Promise<AuditProblem[]> {
  const problems: AuditProblem[] = [];
  const storedBySeq = new Map(stored.map((c) => [c.seq, c]));
  const trusted = new Map<number, Checkpoint>();
  for (const c of stored) {
    const valid = signatureValid(c, macs);
    if (valid === true) trusted.set(c.seq, c);
    else
      problems.push({
        seq: c.seq,
        kind: 'checkpoint_forged',
        message:
          valid === undefined
            ? `${describeCheckpoint(c)} is signed with a key that is not configured: add it to check the checkpoint`
            : `${describeCheckpoint(c)} does not match its signature: it was forged or altered in the database`,
      });
  }
  for (const c of exported?.checkpoints ?? []) {
    const valid = signatureValid(c, macs);
    if (valid !== true) {
      problems.push({
        seq: c.seq,
        kind: 'checkpoint_forged',
        message: `${describeCheckpoint(c)} in ${exported?.source} ${valid === undefined ? 'is signed with a key that is not configured' : 'does not match its signature'}`,
      });
      continue;
    }
    const inTable = storedBySeq.get(c.seq);
    if (!inTable || !sameCheckpoint(inTable, c))
      problems.push({
        seq: c.seq,
        kind: 'checkpoint_deleted',
        message: inTable
          ? `${describeCheckpoint(c)} in ${exported?.source} differs from the database's checkpoint at that seq: checkpoints were replaced`
          : `${describeCheckpoint(c)} is in ${exported?.source} but not in the database: checkpoints were deleted`,
      });
    if (!trusted.has(c.seq) || !sameCheckpoint(trusted.get(c.seq) as Checkpoint, c)) trusted.set(c.seq, c);
  }
  const all = [...trusted.values()].sort((a, b) => a.seq - b.seq);
  // Entries a checkpoint vouches for that are gone: only the newest such checkpoint is reported.
  const beyond = all.filter((c) => c.seq > chain.upTo).at(-1);
  if (beyond && chain.intact)
    problems.push({
      seq: chain.upTo + 1,
      kind: 'truncated',
      message: `entries ${chain.upTo + 1} to ${beyond.seq} are missing: ${describeCheckpoint(beyond)} says the log reached seq ${beyond.seq} with hash ${beyond.hash}, but it ends at seq ${chain.upTo}`,
    });
  const within = all.filter((c) => c.seq <= chain.upTo);
  if (within.length > 0) {
    const rows = await database.query<{ seq: number; hash: string }>(
      'select seq::float8 as seq, hash from audit_log where seq = any($1::bigint[])',
      [within.map((c) => c.seq)],
    );
    const hashAt = new Map(rows.map((r) => [Number(r.seq), r.hash]));
    const rewritten = within.find((c) => hashAt.get(c.seq) !== c.hash);
    if (rewritten)
      problems.push({
        seq: rewritten.seq,
        kind: 'rewritten',
        message: `entry ${rewritten.seq} was rewritten: ${describeCheckpoint(rewritten)} says its hash is ${rewritten.hash}, the log has ${hashAt.get(rewritten.seq) ?? 'no entry'}: the entries up to it were rewritten with recomputed hashes`,
      });
    // The switch to keyed hashes, pinned by every checkpoint that saw it.
    const pinned = within.find((c) => c.first_keyed_seq !== null && c.first_keyed_seq !== chain.firstKeyed);
    if (pinned && chain.intact)
      problems.push({
        seq: pinned.first_keyed_seq as number,
        kind: 'downgraded',
        message: `${describeCheckpoint(pinned)} says entries are keyed from seq ${pinned.first_keyed_seq}, but the log's first keyed entry is ${chain.firstKeyed ?? 'none'}: keyed entries were replaced by plain SHA-256 ones`,
      });
  }
  return problems;
}

/**
 * Checks the chain from the first entry to the head, then against the signed checkpoints (stored,
 * and an exported file's when given). ok only when both find nothing.
 */
export async function verifyAuditLog(database: Database, options: VerifyOptions = {}): Promise<AuditVerification> {
  const keys = options.keys ?? auditKeys();
  const chain = await verifyChain(database, keys.macs, options);
  const stored = await listCheckpoints(database);
  const problems = [
    ...(chain.result.problem ? [chain.result.problem] : []),
    ...(await checkpointProblems(database, keys.macs, stored, options.exported, {
      upTo: chain.upTo,
      firstKeyed: chain.firstKeyed,
      intact: chain.result.ok,
    })),
  ];
  const latestSeq = stored.at(-1)?.seq;
  const checkpoints = {
    stored: stored.length,
    ...(options.exported ? { file: options.exported.checkpoints.length } : {}),
    ...(latestSeq !== undefined ? { latestSeq } : {}),
  };
  // Left out when there is nothing to say: no checkpoint stored yet and no file given.
  const counted = stored.length > 0 || options.exported ? { checkpoints } : {};
  const [problem] = problems;
  if (!problem) return { ...chain.result, ...counted };
  return { ...chain.result, ok: false, problem, problems, ...counted };
}

/** The chain alone: the first problem, how far it checked out, and its first keyed seq. */
async function verifyChain(
  database: Database,
  macs: MacsById,
  options: VerifyOptions,
): Promise<{ result: AuditVerification; upTo: number; firstKeyed: number | undefined }> {
  const batchSize = options.batchSize ?? 10_000;
  // Appends move rows and head in one transaction, so every entry up to the head read here has
  // committed; entries appended while the check runs are left for the next check.
  const head = await readHead(database);
  if (!head) {
    const message = 'audit_head has no row: the chain head was deleted';
    return {
      result: {
        ok: false,
        checked: 0,
        head: { seq: 0, hash: genesisHash },
        problem: { seq: 0, kind: 'head_mismatch', message },
      },
      upTo: 0,
      firstKeyed: undefined,
    };
  }
  let last: StoredEntry | undefined;
  let checked = 0;
  let firstKeyed: number | undefined;
  const fail = (problem: AuditProblem) => ({
    result: { ok: false, checked, head, problem },
    upTo: last?.seq ?? 0,
    firstKeyed,
  });
  for await (const batch of checkBatches(database, head.seq, batchSize, macs, options.threads ?? chainWorkers)) {
    checked += batch.checked;
    last = batch.last ?? last;
    firstKeyed ??= batch.firstKeyed;
    if (batch.bad) {
      const { entry, kind } = batch.bad;
      if (kind === 'hash') return fail(await diagnoseMismatch(database, entry, macs));
      return fail(breakProblem(entry, last ? linkOf(last) : chainStart, kind));
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
  if (beyond) return fail(beyond);
  return { result: { ok: true, checked, head }, upTo: head.seq, firstKeyed };
}
