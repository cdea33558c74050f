/**
 * Where a practice stands, for the home pages (issue 16, section 3): the first steps, each done
 * or not as the practice's own data says, and what needs the caller's attention. Each reader runs
 * inside withTenantReads, so row-level security keeps it to the one practice. What the caller's
 * role may not read is left out rather than shown as "not done".
 */
import { hasAssessment } from '../advisor/store.ts';
import { countRestoreOverdue } from '../backup/store.ts';
import { roleCan, sideOf, type Permission, type Role } from '../core/permissions/permissions.ts';
import type { Db } from '../core/db/database.ts';
import { invitationStatus, listInvitations, type InvitationRow } from '../core/identity/invitations.ts';
import { practiceMembers } from '../core/identity/store.ts';
import { requiredSides } from '../matrix/present.ts';
import type { Matrix } from '../matrix/schema.ts';
import { currentVersions, type VersionRow } from '../matrix/store.ts';
import { validateMatrix } from '../matrix/validate.ts';
import type { AgreementSide } from '../matrix/version-schema.ts';
import type { PracticeHome, StepId } from './schema.ts';

/** An open invitation this close to expiring is worth a word on the home page (links last 72 hours). */
const invitationWarningMs = 24 * 60 * 60_000;

/** The practice's data the home page is computed from, read in one tenant transaction. */
export interface PracticeFacts {
  assessed: boolean;
  versions: VersionRow[];
  memberCount: number;
  invitations: InvitationRow[];
  /** Systems the last restore-test sweep found overdue. */
  restoreTestsOverdue: number;
}

export async function readPracticeFacts(tx: Db, practiceId: string): Promise<PracticeFacts> {
  return {
    assessed: await hasAssessment(tx, practiceId),
    versions: await currentVersions(tx, practiceId),
    memberCount: (await practiceMembers(tx, practiceId)).length,
    invitations: await listInvitations(tx, practiceId),
    restoreTestsOverdue: await countRestoreOverdue(tx, practiceId),
  };
}

/** Who is looking: their role in this practice and whether their own account has MFA on. */
export interface Viewer {
  role: Role;
  mfaEnabled: boolean;
}

function unsignedSides(row: VersionRow): AgreementSide[] {
  const signed = { practice: row.practiceAgreedAt !== null, msp: row.mspAgreedAt !== null };
  return requiredSides(row.matrix as Matrix).filter((side) => !signed[side]);
}

function findingsOf(row: VersionRow) {
  const findings = validateMatrix(row.matrix as Matrix);
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  return { number: row.number, errors: count('error'), warnings: count('warning') };
}

/** Each step with the permission to read whether it is done, and the one to do it. */
const stepRules: Record<Exclude<StepId, 'turn_on_mfa'>, { read: Permission; act: Permission }> = {
  run_assessment: { read: 'assessments.read', act: 'assessments.run' },
  draft_matrix: { read: 'matrix.read', act: 'matrix.edit' },
  agree_matrix: { read: 'matrix.read', act: 'matrix.agree' },
  invite_people: { read: 'users.read', act: 'users.manage' },
};

export function practiceHome(
  practice: { id: string; name: string },
  facts: PracticeFacts,
  viewer: Viewer,
  now: Date,
): PracticeHome {
  const { role } = viewer;
  const side = sideOf(role);
  const byStatus = (status: string) => facts.versions.find((v) => v.status === status) ?? null;
  const [inForce, draft, proposed] = [byStatus('agreed'), byStatus('draft'), byStatus('proposed')];
  const done: Record<StepId, boolean> = {
    run_assessment: facts.assessed,
    draft_matrix: facts.versions.length > 0,
    agree_matrix: inForce !== null,
    invite_people: facts.memberCount > 1,
    turn_on_mfa: viewer.mfaEnabled,
  };
  const steps = [
    ...Object.entries(stepRules)
      .filter(([, rule]) => roleCan(role, rule.read))
      .map(([id, rule]) => ({ id: id as StepId, done: done[id as StepId], canAct: roleCan(role, rule.act) })),
    { id: 'turn_on_mfa' as const, done: done.turn_on_mfa, canAct: true },
  ];

  const readsMatrix = roleCan(role, 'matrix.read');
  const waitingFor = proposed ? unsignedSides(proposed) : [];
  const agreement =
    proposed && readsMatrix && roleCan(role, 'matrix.agree') && waitingFor.includes(side)
      ? { number: proposed.number, proposedAt: (proposed.proposedAt ?? proposed.updatedAt).toISOString() }
      : null;
  const findings = inForce && readsMatrix ? findingsOf(inForce) : null;
  const expiringInvitations = roleCan(role, 'users.manage')
    ? facts.invitations
        .filter(
          (row) =>
            invitationStatus(row, now) === 'pending' && row.expiresAt.getTime() - now.getTime() <= invitationWarningMs,
        )
        .map((row) => ({
          id: row.id,
          email: row.email,
          displayName: row.displayName,
          expiresAt: row.expiresAt.toISOString(),
        }))
    : [];
  const restoreTestsOverdue = roleCan(role, 'monitoring.read') ? facts.restoreTestsOverdue : null;

  return {
    practice,
    role,
    side,
    steps,
    matrix: readsMatrix
      ? {
          inForce: inForce?.number ?? null,
          draft: draft?.number ?? null,
          proposed: proposed ? { number: proposed.number, waitingFor } : null,
        }
      : null,
    attention: {
      agreement,
      findings,
      expiringInvitations,
      restoreTestsOverdue,
      count:
        (agreement ? 1 : 0) +
        (findings && findings.errors > 0 ? 1 : 0) +
        expiringInvitations.length +
        (restoreTestsOverdue ?? 0),
    },
  };
}
