/** Column types drizzle has no builder for, shared by the modules' tables.ts files. */
import { customType } from 'drizzle-orm/pg-core';

/** Bytes stored in the row (a file kept in the database). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** A text-search document (PostgreSQL's tsvector), written with to_tsvector in SQL, never read by the application. */
export const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});
