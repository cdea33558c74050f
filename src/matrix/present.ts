/** What leaves the API for a matrix version: explicit fields and its findings; rows never leak. */
import type { Matrix } from './schema.ts';
import type { VersionRowWithNames } from './store.ts';
import { validateMatrix } from './validate.ts';
import type { AgreementSide, VersionStatus, VersionSummary, VersionView } from './version-schema.ts';

/** The practice always signs; the MSP signs whenever the matrix gives it any part. */
export function requiredSides(m: Matrix): AgreementSide[] {
  return m.parties.some((p) => p.side === 'msp') ? ['practice', 'msp'] : ['practice'];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const actor = (id: string | null, name: string | null) => (id ? { id, displayName: name ?? '' } : null);
const signature = (id: string | null, name: string | null, at: Date | null) =>
  at ? { by: actor(id, name), at: at.toISOString() } : null;

export function presentSummary(row: VersionRowWithNames): VersionSummary {
  const matrix = row.matrix as Matrix;
  const findings = validateMatrix(matrix);
  return {
    number: row.number,
    status: row.status as VersionStatus,
    revision: row.revision,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    createdBy: actor(row.createdBy, row.names.createdBy),
    updatedAt: row.updatedAt.toISOString(),
    proposed: signature(row.proposedBy, row.names.proposedBy, row.proposedAt),
    requiredSides: requiredSides(matrix),
    agreements: {
      practice: signature(row.practiceAgreedBy, row.names.practiceAgreedBy, row.practiceAgreedAt),
      msp: signature(row.mspAgreedBy, row.names.mspAgreedBy, row.mspAgreedAt),
    },
    agreedAt: iso(row.agreedAt),
    supersededAt: iso(row.supersededAt),
    activityCount: matrix.activities.length,
    partyCount: matrix.parties.length,
    errorCount: findings.filter((f) => f.severity === 'error').length,
    warningCount: findings.filter((f) => f.severity === 'warning').length,
  };
}

export function presentVersion(row: VersionRowWithNames): VersionView {
  const matrix = row.matrix as Matrix;
  return { ...presentSummary(row), matrix, findings: validateMatrix(matrix) };
}
