/**
 * Reading the audit chain for verification: entries in seq order exactly as stored, and the chain
 * head. `tandem audit verify` reads millions, so each engine gets what it produces fastest:
 * node-postgres plain rows; PGlite one text per batch in PostgreSQL's record format (one line per
 * entry), which a worker thread can take as it is (verify.ts) and parseEntries turns into entries.
 */
import type { Database } from '../db/database.ts';
import type { HashedEntry } from './hash.ts';

export interface StoredEntry extends HashedEntry {
  hash: string;
  /** The audit key the hash is an HMAC under; null for a plain SHA-256 entry (before migration 0012). */
  key_id: string | null;
}

/** The column as toISOString() writes it (what the writer hashed), whatever DateStyle and TimeZone say. */
const atText = `to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** seq as float8 (exact far beyond any log's length) and details as jsonb: node-postgres hands both back parsed. */
const columns = `seq::float8 as seq, id, ${atText} as at, actor_type, actor_id, actor_label, practice_id, action, target_type,
  target_id, ip, user_agent, request_id, details, prev_hash, hash, key_id`;
/** One entry as a record, columns in HashedEntry order. */
const record = `row(seq, id, ${atText}, actor_type, actor_id, actor_label, practice_id, action, target_type, target_id, ip,
  user_agent, request_id, details, prev_hash, hash, key_id)::text`;
// audit_log.seq, not the float8 output column of the same name: the order must come from the primary key index.
const range = 'from audit_log where seq > $1 and seq <= $2 order by audit_log.seq limit $3';

/** A batch as text for parseEntries, with what paging and checking need without parsing it. */
export interface EntriesText {
  count: number;
  /** seq, hash and kind of the last entry, as stored; the next batch's first entry must follow it. */
  last?: { seq: number; hash: string; keyed: boolean };
  text: string;
}

/**
 * Entries seq in (after, upTo], at most `limit`, as one text of records, one a line: PGlite's
 * fast form, and one a worker thread can take as it is. Measured over 1,000,000 entries
 * (docs/benchmarks.md), PGlite spends about 23 µs per row of 16 columns it returns, about 8 µs
 * an entry for a batch as one text of JSON arrays, and about 6 µs as one text of records. Valid
 * SQL on PostgreSQL too, where the server takes longer over it than over plain rows.
 */
export async function readEntriesText(
  database: Database,
  after: number,
  upTo: number,
  limit: number,
): Promise<EntriesText> {
  const [row] = await database.query<{
    count: number;
    seq: number | null;
    hash: string | null;
    keyed: boolean | null;
    text: string | null;
  }>(
    `select count, last::float8 as seq, tail.hash, tail.key_id is not null as keyed, text
     from (select count(*)::int as count, max(seq) as last, string_agg(${record}, E'\\n' order by seq) as text
           from (select * ${range}) as entries) as page
     left join audit_log as tail on tail.seq = page.last`,
    [after, upTo, limit],
  );
  return {
    count: row?.count ?? 0,
    ...(row?.seq != null && row.hash != null
      ? { last: { seq: row.seq, hash: row.hash, keyed: row.keyed === true } }
      : {}),
    text: row?.text ?? '',
  };
}

/**
 * Entries seq in (after, upTo], at most `limit`: through node-postgres as plain rows (about 3 µs
 * each), on PGlite parsed from readEntriesText.
 */
export async function readEntries(
  database: Database,
  after: number,
  upTo: number,
  limit: number,
): Promise<StoredEntry[]> {
  if (database.mode === 'postgres')
    return database.query<StoredEntry & Record<string, unknown>>(`select ${columns} ${range}`, [after, upTo, limit]);
  return parseEntries((await readEntriesText(database, after, upTo, limit)).text);
}

const columnCount = 17;
const quote = '"'.charCodeAt(0);

function malformed(at: number): Error {
  return new Error(`audit entries: unexpected text at offset ${at}`);
}

/**
 * A quoted value without its doubled quotes and backslashes. The two are pairs of different
 * characters, so undoing one cannot make or break the other; quotes by hand, as details (JSON)
 * holds many and JSON.parse reads the pieces faster than one string from replaceAll.
 */
function unquote(value: string): string {
  const text = value.includes('\\') ? value.replaceAll('\\\\', '\\') : value;
  let out = '';
  let from = 0;
  for (let q = text.indexOf('""'); q !== -1; q = text.indexOf('""', from)) {
    out += text.slice(from, q + 1);
    from = q + 2;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Reads the columns of the record that starts at `start` into `fields` and returns where it ends.
 * Records as PostgreSQL writes them (record_out): `(v1,v2,...)`. A null is nothing between the
 * commas; a value is double-quoted when it is empty or holds a quote, backslash, parenthesis,
 * comma or white space (so a newline inside a value is always quoted), and inside the quotes `"`
 * and `\` are doubled. So an unquoted value ends at the next comma (the last one at the closing
 * parenthesis), and a quoted one at the first quote that is not doubled.
 */
function parseRecord(text: string, start: number, fields: (string | null)[]): number {
  if (text[start] !== '(') throw malformed(start);
  let i = start + 1;
  for (let f = 0; f < columnCount; f += 1) {
    const end = f === columnCount - 1 ? ')' : ',';
    if (text.charCodeAt(i) === quote) {
      let close = text.indexOf('"', i + 1);
      while (close !== -1 && text.charCodeAt(close + 1) === quote) close = text.indexOf('"', close + 2);
      if (close === -1) throw malformed(i);
      fields[f] = unquote(text.slice(i + 1, close));
      i = close + 1;
    } else {
      const stop = text.indexOf(end, i);
      if (stop === -1) throw malformed(i);
      fields[f] = stop === i ? null : text.slice(i, stop);
      i = stop;
    }
    if (text[i] !== end) throw malformed(i);
    i += 1;
  }
  return i;
}

/**
 * The entries in a text from readEntriesText, one record a line. The columns HashedEntry types as
 * string are NOT NULL; should one hold null all the same (the table altered), it passes through
 * as null and fails the entry's hash, as any edit does.
 */
export function parseEntries(text: string): StoredEntry[] {
  const entries: StoredEntry[] = [];
  const f: (string | null)[] = new Array<string | null>(columnCount).fill(null);
  for (let i = 0; i < text.length;) {
    i = parseRecord(text, i, f);
    if (i < text.length && text[i++] !== '\n') throw malformed(i - 1);
    entries.push({
      seq: Number(f[0]),
      id: f[1] as string,
      at: f[2] as string,
      actor_type: f[3] as string,
      actor_id: f[4] ?? null,
      actor_label: f[5] ?? null,
      practice_id: f[6] ?? null,
      action: f[7] as string,
      target_type: f[8] ?? null,
      target_id: f[9] ?? null,
      ip: f[10] ?? null,
      user_agent: f[11] ?? null,
      request_id: f[12] ?? null,
      details: f[13] == null ? null : (JSON.parse(f[13]) as unknown),
      prev_hash: f[14] as string,
      hash: f[15] as string,
      key_id: f[16] ?? null,
    });
  }
  return entries;
}

export async function readHead(database: Database): Promise<{ seq: number; hash: string } | undefined> {
  const [head] = await database.query<{ seq: number | string; hash: string }>(
    'select seq, hash from audit_head where id = 1',
  );
  return head && { seq: Number(head.seq), hash: head.hash };
}
