/**
 * The audit chain's hash, shared by the writer (append.ts) and the checker (verify.ts) so the two
 * cannot disagree. An entry's hash is the SHA-256 (lowercase hex) of the canonical JSON of an
 * object holding every column but `hash`, under the column names:
 *
 *   { action, actor_id, actor_label, actor_type, at, details, id, ip, practice_id, prev_hash,
 *     request_id, seq, target_id, target_type, user_agent }
 *
 * `at` is ISO 8601 UTC with milliseconds (the column's precision), `seq` a number, absent values
 * null. Canonical JSON: object keys sorted by UTF-16 code unit at every depth, no whitespace,
 * strings and numbers as JSON.stringify writes them. Anyone can recompute it from a dump.
 */
import { hash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';

/** prev_hash of the first entry, and the hash audit_head starts with (migration 0001). */
export const genesisHash = '0'.repeat(64);

export interface HashedEntry {
  seq: number;
  id: string;
  at: string;
  actor_type: string;
  actor_id: string | null;
  actor_label: string | null;
  practice_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: unknown;
  prev_hash: string;
}

/** What JSON.stringify escapes in a string (any surrogate sends it there, paired or not). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;
/** JSON.stringify for a string or null; most values need no escaping, and skipping it is faster. */
const str = (value: string | null) =>
  value === null ? 'null' : needsEscape.test(value) ? JSON.stringify(value) : `"${value}"`;

/**
 * canonicalJson(entry) written out with the keys in sorted order, in three parts around the
 * values of prev_hash and seq: appendAudit lets the database fill those two in from the head
 * row it locks, so an append is one statement. Also twice as fast as sorting keys per entry,
 * which counts when `tandem audit verify` hashes millions. A test holds it equal to canonicalJson.
 */
export function canonicalParts(e: Omit<HashedEntry, 'seq' | 'prev_hash'>): [string, string, string] {
  return [
    `{"action":${str(e.action)},"actor_id":${str(e.actor_id)},"actor_label":${str(e.actor_label)},` +
      `"actor_type":${str(e.actor_type)},"at":${str(e.at)},"details":${canonicalJson(e.details)},"id":${str(e.id)},` +
      `"ip":${str(e.ip)},"practice_id":${str(e.practice_id)},"prev_hash":`,
    `,"request_id":${str(e.request_id)},"seq":`,
    `,"target_id":${str(e.target_id)},"target_type":${str(e.target_type)},"user_agent":${str(e.user_agent)}}`,
  ];
}

export function canonicalEntry(e: HashedEntry): string {
  const [beforePrevHash, beforeSeq, rest] = canonicalParts(e);
  return `${beforePrevHash}${JSON.stringify(e.prev_hash)}${beforeSeq}${JSON.stringify(e.seq)}${rest}`;
}

export function auditHash(entry: HashedEntry): string {
  return hash('sha256', canonicalEntry(entry), 'hex');
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * PostgreSQL stores neither NUL nor unpaired surrogates (text turns them into U+FFFD, jsonb
 * refuses them). Cleaning them before hashing keeps what is hashed equal to what is stored, and
 * keeps a hostile header or email address from failing the transaction it is audited in.
 */
export function storableText(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD').replace(loneSurrogate, '\uFFFD');
}

/** Plain JSON data (Dates as ISO strings, undefined dropped) with every string storable. */
export function storableJson(value: unknown): unknown {
  const json = JSON.stringify(value);
  if (json === undefined) return null;
  return JSON.parse(json, (_key, v: unknown) => {
    if (typeof v === 'string') return storableText(v);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v).map(([k, inner]) => [storableText(k), inner]));
  });
}
