/** The matrix the matrix benchmarks use: the size, with every rule doing real work. */
import type { MatrixInput } from '../../src/matrix/schema.ts';
import { FUNCTION_IDS } from '../../src/advisor/engine/model/function-catalog.ts';

/** 30 parties (people who cover each other, MSP teams, vendors) and 500 activities with full RACI rows and absences. */
export function bigMatrix(): MatrixInput {
  const parties: MatrixInput['parties'] = [
    { id: 'lead', name: 'Leadership', side: 'practice', kind: 'leadership', securityOfficial: true },
  ];
  for (let i = 0; i < 20; i++)
    parties.push({
      id: `it-${i}`,
      name: `IT person ${i}`,
      side: 'internal_it',
      kind: 'person',
      covers: [`it-${(i + 1) % 20}`],
    });
  for (let i = 0; i < 6; i++)
    parties.push({
      id: `msp-${i}`,
      name: `MSP team ${i}`,
      side: 'msp',
      kind: 'team',
      coverage: i < 2 ? '24x7' : 'business',
      scope: [...FUNCTION_IDS],
    });
  for (let i = 0; i < 3; i++) parties.push({ id: `vendor-${i}`, name: `Vendor ${i}`, side: 'vendor', kind: 'vendor' });
  const activities: MatrixInput['activities'] = [];
  const assignments: MatrixInput['assignments'] = [];
  for (let i = 0; i < 500; i++) {
    const night = i % 7 === 0;
    activities.push({
      id: `a-${i}`,
      name: `Activity ${i}`,
      function: FUNCTION_IDS[i % FUNCTION_IDS.length]!,
      coverage: night ? '24x7' : 'business',
      sla: 'high',
      practiceAccountable: i % 5 === 0,
    });
    const doer = night ? `msp-${i % 2}` : `it-${i % 20}`;
    assignments.push({
      activity: `a-${i}`,
      responsible: [doer],
      accountable: [i % 5 === 0 ? 'lead' : doer],
      consulted: [`msp-${2 + (i % 4)}`],
      informed: ['lead'],
      escalation: [`msp-${2 + ((i + 1) % 4)}`, 'lead'],
    });
  }
  const absences = Array.from({ length: 40 }, (_, i) => ({
    party: `it-${i % 20}`,
    from: `2026-12-${String(1 + (i % 20)).padStart(2, '0')}`,
    to: `2026-12-${String(3 + (i % 20)).padStart(2, '0')}`,
  }));
  return { parties, activities, assignments, absences };
}
