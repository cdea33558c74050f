/**
 * Signed checkpoints of the audit chain: (seq, hash) of the head at a time, with the seq of the
 * first keyed entry, signed with the audit key. They live in audit_checkpoints, outside audit_log
 * and out of tandem_app's reach, and export as JSON lines the operator keeps elsewhere.
 *
 * A chain alone cannot show that its newest entries were deleted and the head pointed back, nor
 * that it was rewritten by someone who recomputed every later hash; a checkpoint can, for
 * everything up to it, as long as it survives (in the table or in an exported copy) and the
 * attacker does not hold the audit key. `tandem audit verify` checks the chain against them.
 *
 * A checkpoint is written only over a chain it has checked: from the previous checkpoint (or the
 * start) to the head, so a server never signs a head that was pointed back or rewritten since.
 */
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { checkBatch, linkOf, type ChainLink, type MacsById } from './chain.ts';
import { canonicalJson } from '../canonical-json.ts';
import { currentMac, type AuditKeys } from './key.ts';
import { readEntries, readHead } from './read-entries.ts';

export interface Checkpoint {
  seq: number;
  hash: string;
  /** ISO 8601 UTC with milliseconds. */
  at: string;
  /** The audit key that signed it. */
  key_id: string;
  /** The first keyed entry (HMAC) of the chain up to seq; null when all are plain SHA-256. */
  first_keyed_seq: number | null;
  /** HMAC-SHA256 (hex) of signedText under key_id. */
  signature: string;
}

export const checkpointSchema = z.strictObject({
  seq: z.number().int().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime(),
  key_id: z.string().min(1),
  first_keyed_seq: z.number().int().min(1).nullable(),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});

/** What is signed; the prefix keeps a checkpoint's MAC apart from an entry's (canonical JSON starts with "{"). */
export function signedText(c: Omit<Checkpoint, 'signature'>): string {
  const { seq, hash, at, key_id, first_keyed_seq } = c;
  return `tandem-audit-checkpoint:v1\n${canonicalJson({ seq, hash, at, key_id, first_keyed_seq })}`;
}

/** true: signed by a key the checker has; false: forged or altered; undefined: unknown key. */
export function signatureValid(c: Checkpoint, macs: MacsById): boolean | undefined {
  const mac = macs.get(c.key_id);
  return mac ? mac.hex(signedText(c)) === c.signature : undefined;
}

const selectCheckpoints = `select seq::float8 as seq, hash, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at,
  key_id, first_keyed_seq::float8 as first_keyed_seq, signature from audit_checkpoints`;

/** Every stored checkpoint, oldest first (as the owner: tandem_app cannot read them). */
export function listCheckpoints(database: Database): Promise<Checkpoint[]> {
  return database.query<Checkpoint & Record<string, unknown>>(`${selectCheckpoints} order by seq`);
}

async function latestCheckpoint(database: Database): Promise<Checkpoint | undefined> {
  const [row] = await database.query<Checkpoint & Record<string, unknown>>(
    `${selectCheckpoints} order by seq desc limit 1`,
  );
  return row;
}

export class CheckpointRefused extends Error {
  override name = 'CheckpointRefused';
}

/**
 * Checks the chain from `from` to `upTo` (batches of 10,000) and returns its first keyed seq;
 * throws CheckpointRefused at the first break.
 */
async function checkSpan(database: Database, from: ChainLink, upTo: number, macs: MacsById) {
  let previous = from;
  let firstKeyed: number | undefined;
  while (previous.seq < upTo) {
    const entries = await readEntries(database, previous.seq, upTo, 10_000);
    const result = checkBatch(entries, previous, macs);
    firstKeyed ??= result.firstKeyed;
    if (result.bad)
      throw new CheckpointRefused(
        `the chain breaks at seq ${result.bad.entry.seq} (${result.bad.kind}): run tandem audit verify`,
      );
    if (!result.last)
      throw new CheckpointRefused(`entries ${previous.seq + 1} to ${upTo} are missing: run tandem audit verify`);
    previous = linkOf(result.last);
  }
  return { firstKeyed, last: previous };
}

async function readHashAt(database: Database, seq: number): Promise<string | undefined> {
  const [row] = await database.query<{ hash: string }>('select hash from audit_log where seq = $1', [seq]);
  return row?.hash;
}

export type CheckpointOutcome =
  | { written: true; checkpoint: Checkpoint }
  | { written: false; reason: 'unchanged' | 'empty'; checkpoint?: Checkpoint };

/**
 * Signs the chain head as a checkpoint, unless the head has not moved since the latest one (or
 * the log is empty). The chain is checked first from the latest checkpoint to the head (from the
 * start for the first checkpoint); a head behind the latest checkpoint, a break, or a latest
 * checkpoint that no longer matches its entry refuses it (CheckpointRefused), so a tampered
 * chain is never signed. Runs as the owner.
 */
export async function writeCheckpoint(database: Database, keys: AuditKeys, now: Date): Promise<CheckpointOutcome> {
  const head = await readHead(database);
  if (!head) throw new CheckpointRefused('audit_head has no row: the chain head was deleted');
  const latest = await latestCheckpoint(database);
  if (latest && latest.seq === head.seq && latest.hash === head.hash)
    return { written: false, reason: 'unchanged', checkpoint: latest };
  if (head.seq === 0) {
    if (latest) throw new CheckpointRefused(`the head is at seq 0 but checkpoint ${latest.seq} exists`);
    return { written: false, reason: 'empty' };
  }
  let from: ChainLink = { seq: 0, hash: '0'.repeat(64) };
  if (latest) {
    if (latest.seq > head.seq)
      throw new CheckpointRefused(
        `the head (seq ${head.seq}) is behind checkpoint ${latest.seq}: entries were deleted`,
      );
    if ((await readHashAt(database, latest.seq)) !== latest.hash)
      throw new CheckpointRefused(`entry ${latest.seq} no longer matches its checkpoint`);
    if (signatureValid(latest, keys.macs) !== true)
      throw new CheckpointRefused(`checkpoint ${latest.seq} is not signed by a known audit key`);
    from = {
      seq: latest.seq,
      hash: latest.hash,
      keyed: latest.first_keyed_seq !== null && latest.first_keyed_seq <= latest.seq,
    };
  }
  const span = await checkSpan(database, from, head.seq, keys.macs);
  if (span.last.hash !== head.hash) throw new CheckpointRefused("the head's hash does not match its entry");
  const unsigned = {
    seq: head.seq,
    hash: head.hash,
    at: now.toISOString(),
    key_id: keys.currentId,
    first_keyed_seq: latest?.first_keyed_seq ?? span.firstKeyed ?? null,
  };
  const checkpoint: Checkpoint = { ...unsigned, signature: currentMac(keys).hex(signedText(unsigned)) };
  const inserted = await database.query<{ seq: number }>(
    `insert into audit_checkpoints (seq, hash, at, key_id, first_keyed_seq, signature)
     values ($1, $2, $3, $4, $5, $6) on conflict (seq) do nothing returning seq`,
    [
      checkpoint.seq,
      checkpoint.hash,
      checkpoint.at,
      checkpoint.key_id,
      checkpoint.first_keyed_seq,
      checkpoint.signature,
    ],
  );
  // Another server signed the same head meanwhile.
  if (inserted.length === 0) return { written: false, reason: 'unchanged' };
  return { written: true, checkpoint };
}

/** The checkpoints as JSON lines, oldest first: what `tandem audit checkpoints export` writes. */
export function checkpointLines(checkpoints: readonly Checkpoint[]): string {
  return checkpoints.map((c) => `${JSON.stringify(c)}\n`).join('');
}

/** Parses an exported file; throws naming the first bad line. */
export function parseCheckpointLines(text: string, source: string): Checkpoint[] {
  const checkpoints: Checkpoint[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${source}: line ${i + 1} is not JSON`);
    }
    const parsed = checkpointSchema.safeParse(value);
    if (!parsed.success) throw new Error(`${source}: line ${i + 1} is not a checkpoint`);
    checkpoints.push(parsed.data);
  }
  return checkpoints;
}
