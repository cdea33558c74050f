import type { Practice } from './schema.ts';
import type { PracticeRow } from './store.ts';

/** What leaves the API for a practice: an explicit shape, never the raw row. */
export function presentPractice(row: PracticeRow): Practice {
  return {
    id: row.id,
    name: row.name,
    specialty: row.specialty as Practice['specialty'],
    jurisdiction: row.jurisdiction as Practice['jurisdiction'],
    timeZone: row.timeZone,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
