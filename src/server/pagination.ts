/**
 * Cursors for the one way every list pages (core/page-schema.ts). Cursors are
 * opaque to clients (base64url JSON of the last row's sort key), so a list can change what it
 * sorts by without breaking a script. Lists read from the database seek with the key
 * (core/db/keyset.ts); small lists that are read whole (members, sessions) are cut the same way
 * in memory, so the contract is the same for all.
 */
import type { KeysetAfter } from '../core/db/keyset.ts';
import { AppError } from '../core/errors.ts';
import type { PageQuery } from '../core/page-schema.ts';

export type SortKey = ReadonlyArray<string | number>;

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const badCursor = () =>
  new AppError('validation_failed', 'The request is not valid', [
    { path: 'query.cursor', message: 'must be the `next` of a previous page of this list' },
  ]);

/** The sort key in a cursor, checked to have the shape `check` expects; 400 otherwise. */
export function decodeCursor<K extends SortKey>(cursor: string, check: (key: unknown) => key is K): K {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!check(key)) throw badCursor();
  return key;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor of a newest-first list keyed by (created_at, id): where the page starts. */
export function keysetAfter(query: PageQuery): KeysetAfter | undefined {
  if (query.cursor === undefined) return undefined;
  const [at, id] = decodeCursor(
    query.cursor,
    (key): key is [string, string] =>
      Array.isArray(key) &&
      key.length === 2 &&
      typeof key[0] === 'string' &&
      !Number.isNaN(Date.parse(key[0])) &&
      typeof key[1] === 'string' &&
      uuidPattern.test(key[1]),
  );
  return { createdAt: new Date(at), id };
}

/** The cursor after a row of a newest-first list keyed by (created_at, id). */
export const createdKey = (row: { createdAt: Date; id: string }): SortKey => [row.createdAt.toISOString(), row.id];

/**
 * A page from rows fetched with `limit + 1`: the extra row only says that there is a next page.
 * `present` shapes each row for the reply.
 */
export function pageFromRows<R, T>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => SortKey,
  present: (row: R) => T,
): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(present), next: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i] ?? '', b[i] ?? ''];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * A page of a list read whole, ordered by `keyOf` (the same contract as a database seek): the
 * items after the cursor's key.
 */
export function pageInMemory<R, T>(
  rows: readonly R[],
  query: PageQuery,
  order: { keyOf: (row: R) => SortKey; descending?: boolean },
  present: (row: R) => T,
): { items: T[]; next: string | null } {
  const { keyOf } = order;
  const sign = order.descending ? -1 : 1;
  const sorted = [...rows].sort((a, b) => sign * compareKeys(keyOf(a), keyOf(b)));
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isSortKey);
  const rest = after ? sorted.filter((row) => sign * compareKeys(keyOf(row), after) > 0) : sorted;
  return pageFromRows(rest.slice(0, query.limit + 1), query.limit, keyOf, present);
}

function isSortKey(key: unknown): key is SortKey {
  return Array.isArray(key) && key.every((part) => typeof part === 'string' || typeof part === 'number');
}
