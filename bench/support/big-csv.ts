/** A matrix CSV of about 5 MB (issue 15: "parsing a 5 MB CSV"), for bench/matrix-csv.bench.ts. */
import { matrixToCsv } from '../../src/matrix/csv.ts';
import { matrixSchema, type MatrixInput } from '../../src/matrix/schema.ts';
import { bigMatrix } from './big-matrix.ts';

/**
 * The 500 x 30 benchmark matrix grown to 5,000 activities (the schema's limit) with long names,
 * quotes and commas in them, a written split on every row and 5,000 absences with notes: about
 * 5 MB of the kind of text a spreadsheet export holds.
 */
export function bigCsv(): string {
  const m = matrixSchema.parse(bigMatrix());
  const activities: MatrixInput['activities'] = [];
  const assignments: MatrixInput['assignments'] = [];
  for (let i = 0; i < 5000; i++) {
    const a = m.activities[i % m.activities.length]!;
    const row = m.assignments[i % m.assignments.length]!;
    activities.push({
      ...a,
      id: `x-${i}`,
      name: `${a.name}: check, "verify" and record ${'the result, '.repeat(14)}`.slice(0, 200),
    });
    assignments.push({
      ...row,
      activity: `x-${i}`,
      split:
        `Internal IT does tier 1, "the MSP" tier 2; ${'after hours the NOC, then the on-call engineer; '.repeat(14)}`.slice(
          0,
          500,
        ),
    });
  }
  const absences = Array.from({ length: 5000 }, (_, i) => ({
    party: `it-${i % 20}`,
    from: `2027-${String(1 + (i % 12)).padStart(2, '0')}-01`,
    to: `2027-${String(1 + (i % 12)).padStart(2, '0')}-14`,
    note: `Leave ${i}: ${'covered by the next person on the list, then the MSP desk; '.repeat(4)}`.slice(0, 200),
  }));
  return matrixToCsv(matrixSchema.parse({ ...m, activities, assignments, absences }));
}
