/**
 * The life of a matrix version (issue 5, point 3): a draft is edited, proposed, and agreed by
 * both sides; agreeing supersedes the version in force. Each step checks the version's state,
 * writes and audits in the caller's transaction (so a failure leaves nothing behind) under a
 * per-practice lock (so two agreements, or two new drafts, cannot race).
 */
import { appendAudit } from '../core/audit/append.ts';
import { AppError, type ErrorDetail } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { actingUserId, type InPractice } from '../core/tenancy/acting.ts';
import type { Assessment } from '../advisor/engine/assessment-schema.ts';
import { csvToMatrix } from './csv.ts';
import { draftMatrix, type DraftContext } from './generate.ts';
import { requiredSides } from './present.ts';
import { matrixSchema, type Matrix } from './schema.ts';
import {
  findByStatus,
  findVersion,
  insertVersion,
  lockPracticeMatrix,
  nextVersionNumber,
  updateVersion,
  type VersionChange,
  type VersionRow,
} from './store.ts';
import { hasErrors, validateMatrix } from './validate.ts';
import { versionComingIntoForce } from './on-duty.ts';
import type { AgreementSide, DraftSource } from './version-schema.ts';

/** A lifecycle transition the other side should hear about (the caller sends the notices). */
export type VersionEvent =
  | { kind: 'proposed'; number: number; note?: string }
  | { kind: 'agreed'; number: number; side: AgreementSide; inForce: boolean };

/** Lifecycle work: who acts in which practice's transaction, and who hears of each transition. */
export interface VersionStep extends InPractice {
  /** Told of each transition inside the step's transaction (notices, issue 17); optional for callers that tell nobody. */
  announce?: (event: VersionEvent) => Promise<void>;
}

async function audit(
  step: VersionStep,
  action: string,
  number: number,
  id: string,
  details: Record<string, unknown> = {},
) {
  await appendAudit(step.tx, {
    at: step.clock.now(),
    ...step.origin,
    practiceId: step.practiceId,
    action,
    targetType: 'matrix_version',
    targetId: id,
    details: { number, ...details },
  });
}

/** A matrix from JSON, with every problem named under the body path it came from. */
export function parseMatrix(input: unknown, at: string): Matrix {
  const parsed = matrixSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new AppError(
    'validation_failed',
    'The matrix is not valid; nothing was saved',
    parsed.error.issues.map((i) => ({ path: [at, ...i.path.map(String)].join('.'), message: i.message })),
  );
}

function parseCsv(csv: string): Matrix {
  const result = csvToMatrix(csv);
  if (result.ok) return result.matrix;
  const details: ErrorDetail[] = result.problems.map((p) => ({
    path: 'body.source.csv',
    message: `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}`,
  }));
  throw new AppError('validation_failed', 'The CSV is not a valid matrix; nothing was imported', details);
}

/** A stored assessment and what the draft takes from the practice beside it (time zone, staff). */
export interface AssessmentBasis {
  assessment: Assessment;
  context: DraftContext;
}

/** The matrix a new draft starts from, and a short label of where it came from. */
export async function draftSource(
  step: VersionStep,
  source: DraftSource,
  loadAssessment: (id: string) => Promise<AssessmentBasis | null>,
): Promise<{ matrix: Matrix; label: string }> {
  switch (source.kind) {
    case 'blank':
      return { matrix: matrixSchema.parse({ parties: [], activities: [], assignments: [] }), label: 'blank' };
    case 'matrix':
      return { matrix: parseMatrix(source.matrix, 'body.source.matrix'), label: 'matrix' };
    case 'csv':
      return { matrix: parseCsv(source.csv), label: 'csv' };
    case 'assessment': {
      const basis = await loadAssessment(source.assessmentId);
      if (!basis) throw new AppError('not_found', 'No assessment with that id in this practice');
      return { matrix: draftMatrix(basis.assessment, basis.context), label: `assessment:${source.assessmentId}` };
    }
    case 'version': {
      const row =
        source.number === undefined
          ? await findByStatus(step.tx, step.practiceId, ['agreed'])
          : await findVersion(step.tx, step.practiceId, source.number);
      if (!row)
        throw new AppError(
          'not_found',
          source.number === undefined
            ? 'There is no agreed version to copy yet: start from blank, an assessment or an import'
            : `There is no version ${source.number}`,
        );
      return { matrix: row.matrix as Matrix, label: `version:${row.number}` };
    }
  }
}

export async function createDraft(
  step: VersionStep,
  draft: { matrix: Matrix; label: string; note?: string | undefined },
): Promise<number> {
  await lockPracticeMatrix(step.tx, step.practiceId);
  const open = await findByStatus(step.tx, step.practiceId, ['draft', 'proposed']);
  if (open)
    throw new AppError(
      'conflict',
      `Version ${open.number} is still ${open.status}: finish it (agree it, or edit that draft) before starting another`,
    );
  const number = await nextVersionNumber(step.tx, step.practiceId);
  const id = newId();
  const now = step.clock.now();
  await insertVersion(step.tx, {
    id,
    practiceId: step.practiceId,
    number,
    status: 'draft',
    revision: 1,
    note: draft.note ?? null,
    source: draft.label,
    matrix: draft.matrix,
    createdBy: actingUserId(step.origin),
    createdAt: now,
    updatedAt: now,
  });
  await audit(step, 'matrix.draft_created', number, id, { source: draft.label });
  return number;
}

/** The version, locked against concurrent lifecycle steps, in the state the step needs. */
async function versionIn(
  step: VersionStep,
  number: number,
  status: VersionRow['status'],
  doing: string,
): Promise<VersionRow> {
  await lockPracticeMatrix(step.tx, step.practiceId);
  const row = await findVersion(step.tx, step.practiceId, number);
  if (!row) throw new AppError('not_found', `There is no version ${number}`);
  if (row.status !== status)
    throw new AppError('conflict', `Version ${number} is ${row.status}; only a ${status} version can be ${doing}`);
  return row;
}

export async function saveDraft(step: VersionStep, number: number, revision: number, input: unknown): Promise<void> {
  const matrix = parseMatrix(input, 'body.matrix');
  const row = await versionIn(step, number, 'draft', 'edited');
  if (row.revision !== revision)
    throw new AppError(
      'conflict',
      `Version ${number} was changed by someone else (your copy is revision ${revision}, it is now at ${row.revision}): reload it and make your change again`,
    );
  await updateVersion(step.tx, row.id, { matrix, revision: row.revision + 1, updatedAt: step.clock.now() });
  await audit(step, 'matrix.draft_saved', number, row.id, { revision: row.revision + 1 });
}

/**
 * Proposes a draft. A proposal is an offer to sign: the proposer's side is recorded as agreeing
 * to it (issue 15), so the other side's agreement alone puts it in force, and a matrix only the
 * practice signs is in force as soon as the practice proposes it. `side` is null when the proposer
 * cannot sign (an API token); then both sides still agree separately. Returns true when the
 * proposal put the version in force.
 */
export async function proposeVersion(
  step: VersionStep,
  number: number,
  note: string | undefined,
  side: AgreementSide | null,
): Promise<boolean> {
  const row = await versionIn(step, number, 'draft', 'proposed');
  const findings = validateMatrix(row.matrix as Matrix);
  if (hasErrors(findings))
    throw new AppError(
      'conflict',
      'The matrix has errors: fix them before proposing it',
      findings
        .filter((f) => f.severity === 'error')
        // A finding about the whole matrix (an MSP marked security official) points at the parties.
        .map((f) => ({ path: f.activity ? `matrix.assignments.${f.activity}` : 'matrix.parties', message: f.message })),
    );
  const now = step.clock.now();
  const signs = side !== null && requiredSides(row.matrix as Matrix).includes(side);
  const proposal: VersionChange = {
    status: 'proposed',
    proposedBy: actingUserId(step.origin),
    proposedAt: now,
    updatedAt: now,
    ...(note === undefined ? {} : { note }),
  };
  const inForce = signs ? await signFor(step, row, side, proposal) : false;
  await updateVersion(step.tx, row.id, proposal);
  await audit(step, 'matrix.proposed', number, row.id, signs ? { side } : {});
  await step.announce?.({ kind: 'proposed', number, note: note ?? row.note ?? undefined });
  if (inForce && side) {
    await audit(step, 'matrix.agreed_in_force', number, row.id, { side, byProposal: true });
    await step.announce?.({ kind: 'agreed', number, side, inForce });
  }
  return inForce;
}

/**
 * Adds one side's signature to `change`; when every required side has then signed, also puts the
 * version in force (superseding the one before). Returns true in that case.
 */
async function signFor(
  step: VersionStep,
  row: VersionRow,
  side: AgreementSide,
  change: VersionChange,
): Promise<boolean> {
  const now = step.clock.now();
  Object.assign(
    change,
    side === 'practice'
      ? { practiceAgreedBy: actingUserId(step.origin), practiceAgreedAt: now, updatedAt: now }
      : { mspAgreedBy: actingUserId(step.origin), mspAgreedAt: now, updatedAt: now },
  );
  const signed = { practice: row.practiceAgreedAt, msp: row.mspAgreedAt };
  const inForce = requiredSides(row.matrix as Matrix).every((s) => s === side || signed[s]);
  if (inForce) {
    versionComingIntoForce(step.practiceId);
    const previous = await findByStatus(step.tx, step.practiceId, ['agreed']);
    if (previous) await updateVersion(step.tx, previous.id, { status: 'superseded', supersededAt: now });
    Object.assign(change, { status: 'agreed', agreedAt: now });
  }
  return inForce;
}

/** Records one side's agreement; returns true when it put the version in force. */
export async function agreeVersion(step: VersionStep, number: number, side: AgreementSide): Promise<boolean> {
  const row = await versionIn(step, number, 'proposed', 'agreed');
  if (!requiredSides(row.matrix as Matrix).includes(side))
    throw new AppError('conflict', 'This matrix gives the MSP no part, so only the practice agrees to it');
  if ((side === 'practice' ? row.practiceAgreedAt : row.mspAgreedAt) !== null)
    throw new AppError(
      'conflict',
      `The ${side === 'msp' ? 'MSP' : 'practice'} side has already agreed to version ${number}`,
    );
  const change: VersionChange = {};
  const inForce = await signFor(step, row, side, change);
  await updateVersion(step.tx, row.id, change);
  await audit(step, inForce ? 'matrix.agreed_in_force' : 'matrix.agreed', number, row.id, { side });
  await step.announce?.({ kind: 'agreed', number, side, inForce });
  return inForce;
}

/** A proposed version back to draft: the agreements given so far no longer hold. */
export async function reviseVersion(step: VersionStep, number: number): Promise<void> {
  const row = await versionIn(step, number, 'proposed', 'returned to draft');
  await updateVersion(step.tx, row.id, {
    status: 'draft',
    revision: row.revision + 1,
    proposedBy: null,
    proposedAt: null,
    practiceAgreedBy: null,
    practiceAgreedAt: null,
    mspAgreedBy: null,
    mspAgreedAt: null,
    updatedAt: step.clock.now(),
  });
  await audit(step, 'matrix.returned_to_draft', number, row.id);
}
