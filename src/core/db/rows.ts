import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database, Db } from './database.ts';

/** Rows of a raw SQL statement; both drivers answer execute() with an object holding `rows`. */
export async function executeRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

const dialect = new PgDialect();

/**
 * Rows of a raw SQL statement run on its own, outside any transaction, as the prepared statement
 * `name` (PostgreSQL parses and plans it once per pooled connection). For hot single statements
 * whose planning is a good part of their cost; the statement's text must not vary between calls,
 * only its parameters.
 */
export async function preparedRows<T extends Record<string, unknown>>(
  database: Pick<Database, 'query'>,
  name: string,
  query: SQL,
): Promise<T[]> {
  const { sql, params } = dialect.sqlToQuery(query);
  return database.query<T>(sql, params, name);
}

/**
 * `column in (values)` as one parameter (a JSON array), whatever the number of values: a list
 * spelled out as `in ($1, $2, ...)` fails past PostgreSQL's 65,535 bind parameters, which a
 * practice's tickets of a year can pass. `type` is the column's SQL type, for the comparison.
 */
export function inJsonList(column: SQL | AnyColumn, values: readonly string[], type: 'uuid' | 'text'): SQL {
  return sql`${column} in (select value::${sql.raw(type)} from jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}
