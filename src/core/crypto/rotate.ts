/**
 * Key rotation: re-encrypts every value that is not under the keyring's current key, a batch of
 * rows per short transaction. Rows are claimed with FOR UPDATE SKIP LOCKED, so a running server
 * is never blocked behind a long rotation and rotation never waits on a busy row: it takes that
 * row in a later pass. Values that are not encrypted at all are left alone.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../db/database.ts';
import { executeRows } from '../db/rows.ts';
import { encryptedColumns, type EncryptedColumn } from './encrypted-columns.ts';
import { decryptField, encryptField } from './field-encryption.ts';
import type { Keyring } from './keyring.ts';

export interface ColumnRotation {
  table: string;
  column: string;
  reencrypted: number;
  /** Values still under an older key: written meanwhile by a server that lacks the new key, or locked throughout. */
  remaining: number;
}

export interface RotationResult {
  currentKeyId: string;
  reencrypted: number;
  remaining: number;
  columns: ColumnRotation[];
}

export interface RotateOptions {
  batchSize?: number;
  onProgress?: (progress: { table: string; column: string; reencrypted: number }) => void;
  /** Defaults to the registry in encrypted-columns.ts. */
  columns?: readonly EncryptedColumn[];
  /** Passes over rows that were locked by other transactions. */
  passes?: number;
  pauseMs?: number;
}

const encryptedPattern = 'enc:v1:%';

/** LIKE pattern of values under one key; key ids may hold '_', a LIKE wildcard. */
function currentKeyPattern(keyId: string): string {
  return `enc:v1:${keyId.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`;
}

function staleValues(target: EncryptedColumn, keyId: string): SQL {
  const column = sql.identifier(target.column);
  return sql`${column} like ${encryptedPattern} and ${column} not like ${currentKeyPattern(keyId)}`;
}

/** array[$1, $2, ...]::text[]: Drizzle spreads a JS array into a parameter list, and both drivers accept this. */
function textArray(items: string[]): SQL {
  return sql`array[${sql.join(
    items.map((item) => sql`${item}`),
    sql`, `,
  )}]::text[]`;
}

/** The id column's SQL type, so the batch update compares ids without casting the column. */
async function idType(db: Db, target: EncryptedColumn): Promise<string> {
  const [row] = await executeRows<{ type: string }>(
    db,
    sql`select format_type(atttypid, atttypmod) as type from pg_attribute
        where attrelid = to_regclass(${target.table}) and attname = ${target.idColumn} and not attisdropped`,
  );
  if (!row) throw new Error(`encrypted column registry: ${target.table}.${target.idColumn} does not exist`);
  return row.type;
}

async function rotateBatch(
  db: Db,
  target: EncryptedColumn,
  keyring: Keyring,
  type: string,
  batchSize: number,
): Promise<number> {
  const table = sql.identifier(target.table);
  const id = sql.identifier(target.idColumn);
  const column = sql.identifier(target.column);
  return db.transaction(async (tx) => {
    const rows = await executeRows<{ id: string; value: string }>(
      tx as unknown as Db,
      sql`select ${id}::text as id, ${column} as value from ${table}
          where ${staleValues(target, keyring.currentId)} limit ${batchSize} for update skip locked`,
    );
    if (rows.length === 0) return 0;
    const values = rows.map((row) => {
      try {
        return encryptField(keyring, decryptField(keyring, row.value));
      } catch (err) {
        throw new Error(`${target.table}.${target.column} of ${target.idColumn} ${row.id}: ${(err as Error).message}`);
      }
    });
    await tx.execute(sql`update ${table} set ${column} = v.value
        from unnest(${textArray(rows.map((r) => r.id))}, ${textArray(values)}) as v(id, value)
        where ${table}.${id} = v.id::${sql.raw(type)}`);
    return rows.length;
  });
}

async function countStale(db: Db, target: EncryptedColumn, keyId: string): Promise<number> {
  const [row] = await executeRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from ${sql.identifier(target.table)} where ${staleValues(target, keyId)}`,
  );
  return Number(row?.n ?? 0);
}

export async function rotateKeys(
  database: Database,
  keyring: Keyring,
  options: RotateOptions = {},
): Promise<RotationResult> {
  const { batchSize = 500, passes = 5, pauseMs = 200 } = options;
  const columns: ColumnRotation[] = [];
  for (const target of options.columns ?? encryptedColumns) {
    const type = await idType(database.db, target);
    let reencrypted = 0;
    let remaining = 0;
    for (let pass = 1; pass <= passes; pass += 1) {
      for (;;) {
        const n = await rotateBatch(database.db, target, keyring, type, batchSize);
        if (n === 0) break;
        reencrypted += n;
        options.onProgress?.({ table: target.table, column: target.column, reencrypted });
      }
      remaining = await countStale(database.db, target, keyring.currentId);
      if (remaining === 0 || pass === passes) break;
      // Whatever is left was locked by a running transaction; give it a moment to finish.
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    columns.push({ table: target.table, column: target.column, reencrypted, remaining });
  }
  const sum = (pick: (c: ColumnRotation) => number) => columns.reduce((total, c) => total + pick(c), 0);
  return {
    currentKeyId: keyring.currentId,
    reencrypted: sum((c) => c.reencrypted),
    remaining: sum((c) => c.remaining),
    columns,
  };
}

export interface ColumnKeyStatus {
  table: string;
  column: string;
  /** Number of values under each key id. */
  byKey: Record<string, number>;
  /** Non-null values that are not encrypted. */
  unencrypted: number;
}

/** How many values each key protects, per column: after rotation, old keys should count zero. */
export async function keyStatus(
  database: Database,
  columns: readonly EncryptedColumn[] = encryptedColumns,
): Promise<ColumnKeyStatus[]> {
  const result: ColumnKeyStatus[] = [];
  for (const target of columns) {
    const column = sql.identifier(target.column);
    const rows = await executeRows<{ key_id: string | null; n: number | string }>(
      database.db,
      sql`select case when ${column} like ${encryptedPattern} then split_part(${column}, ':', 3) end as key_id, count(*) as n
          from ${sql.identifier(target.table)} where ${column} is not null group by 1 order by 1`,
    );
    const byKey: Record<string, number> = {};
    let unencrypted = 0;
    for (const row of rows) {
      if (row.key_id === null) unencrypted = Number(row.n);
      else byKey[row.key_id] = Number(row.n);
    }
    result.push({ table: target.table, column: target.column, byKey, unencrypted });
  }
  return result;
}
