/** One practice in its own organisation, written straight to the tables, for benches that need a tenant. */
import type { Database } from '../../src/core/db/database.ts';
import { newId } from '../../src/core/ids.ts';
import { organizations, practices } from '../../src/core/tenancy/tables.ts';

export async function seedBenchPractice(
  database: Database,
  options: { organizationKind?: 'practice' | 'msp'; timeZone?: string } = {},
): Promise<string> {
  const orgId = newId();
  const practiceId = newId();
  await database.db
    .insert(organizations)
    .values({ id: orgId, name: 'Bench', kind: options.organizationKind ?? 'practice' });
  await database.db.insert(practices).values({
    id: practiceId,
    organizationId: orgId,
    name: 'Bench Practice',
    specialty: 'medical',
    jurisdiction: 'US',
    timeZone: options.timeZone ?? 'UTC',
  });
  return practiceId;
}
