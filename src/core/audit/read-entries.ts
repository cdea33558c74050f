/**
 * Reading the audit chain for verification: entries in seq order exactly as stored, converted as
 * little as possible on the way (`tandem audit verify` reads millions), and the chain head.
 */
import type { Database } from '../db/database.ts';
import type { HashedEntry } from './hash.ts';

export interface StoredEntry extends HashedEntry {
  hash: string;
}

/** The column as toISOString() writes it, so no Date is built per entry. */
const atText = `to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** seq as float8 (exact far beyond any log's length) and details as jsonb: node-postgres hands both back parsed. */
const columns = `seq::float8 as seq, id, ${atText} as at, actor_type, actor_id, actor_label, practice_id, action, target_type,
  target_id, ip, user_agent, request_id, details, prev_hash, hash`;
// audit_log.seq, not the float8 output column of the same name: the order must come from the primary key index.
const range = 'from audit_log where seq > $1 and seq <= $2 order by audit_log.seq limit $3';

/** The same columns as a JSON array per entry, for PGlite. */
type Tuple = [
  seq: number,
  id: string,
  at: string,
  actor_type: string,
  actor_id: string | null,
  actor_label: string | null,
  practice_id: string | null,
  action: string,
  target_type: string | null,
  target_id: string | null,
  ip: string | null,
  user_agent: string | null,
  request_id: string | null,
  details: unknown,
  prev_hash: string,
  hash: string,
];
const tupleColumns = `json_build_array(seq, id, ${atText}, actor_type, actor_id, actor_label, practice_id, action,
  target_type, target_id, ip, user_agent, request_id, details, prev_hash, hash)::text`;

function fromTuple(t: Tuple): StoredEntry {
  return {
    seq: t[0],
    id: t[1],
    at: t[2],
    actor_type: t[3],
    actor_id: t[4],
    actor_label: t[5],
    practice_id: t[6],
    action: t[7],
    target_type: t[8],
    target_id: t[9],
    ip: t[10],
    user_agent: t[11],
    request_id: t[12],
    details: t[13],
    prev_hash: t[14],
    hash: t[15],
  };
}

/**
 * Entries seq in (after, upTo], at most `limit`. The engines differ in what is fast (measured
 * over 200,000 entries): through node-postgres, plain rows cost about 3 µs each; PGlite spends
 * some 23 µs per 16-column row but about 9 µs per entry when a batch comes back as one text of
 * JSON arrays. Totals for verification are in docs/benchmarks.md.
 */
export async function readEntries(
  database: Database,
  after: number,
  upTo: number,
  limit: number,
): Promise<StoredEntry[]> {
  if (database.mode === 'postgres')
    return database.query<StoredEntry & Record<string, unknown>>(`select ${columns} ${range}`, [after, upTo, limit]);
  const [row] = await database.query<{ batch: string | null }>(
    `select '[' || string_agg(${tupleColumns}, ',' order by seq) || ']' as batch from (select * ${range}) as page`,
    [after, upTo, limit],
  );
  return row?.batch ? (JSON.parse(row.batch) as Tuple[]).map(fromTuple) : [];
}

export async function readHead(database: Database): Promise<{ seq: number; hash: string } | undefined> {
  const [head] = await database.query<{ seq: number | string; hash: string }>(
    'select seq, hash from audit_head where id = 1',
  );
  return head && { seq: Number(head.seq), hash: head.hash };
}
