/**
 * Canonical JSON: object keys sorted by UTF-16 code unit at every depth, no whitespace, strings
 * and numbers as JSON.stringify writes them, undefined members left out. Equal data gives equal
 * text whatever order it was built in: the audit chain hashes it (audit/hash.ts), and the API
 * compares requests (idempotency) and versions (ETags) by it.
 */

/** Canonical JSON of JSON data (what JSON.parse returns). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}
