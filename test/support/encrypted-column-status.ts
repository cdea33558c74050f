/**
 * What key status and rotation report for every registered encrypted column, listed from the
 * registry so a new column does not break tests about other columns: each is empty unless the
 * test names it (`table.column`).
 */
import { encryptedColumns } from '../../src/core/crypto/encrypted-columns.ts';

const nameOf = (c: { table: string; column: string }) => `${c.table}.${c.column}`;

export function columnStatuses(filled: Record<string, { byKey: Record<string, number>; unencrypted?: number }> = {}) {
  return encryptedColumns.map((c) => ({
    table: c.table,
    column: c.column,
    byKey: filled[nameOf(c)]?.byKey ?? {},
    unencrypted: filled[nameOf(c)]?.unencrypted ?? 0,
  }));
}

export function columnRotations(reencrypted: Record<string, number> = {}) {
  return encryptedColumns.map((c) => ({
    table: c.table,
    column: c.column,
    reencrypted: reencrypted[nameOf(c)] ?? 0,
    remaining: 0,
  }));
}

/** `tandem keys status` lines: `table.column: k1: 2, unencrypted: 0`. */
export function statusLines(byKey: Record<string, string> = {}): string {
  return encryptedColumns.map((c) => `${nameOf(c)}: ${byKey[nameOf(c)] ?? ''}unencrypted: 0\n`).join('');
}

/** `tandem keys rotate` lines: `table.column: 2 re-encrypted`. */
export function rotationLines(reencrypted: Record<string, number> = {}): string {
  return encryptedColumns.map((c) => `${nameOf(c)}: ${reencrypted[nameOf(c)] ?? 0} re-encrypted\n`).join('');
}
