/**
 * Runs the sourcing advisor for a practice and keeps the result: validate the profile, assess,
 * store and audit in the caller's transaction, so a failure leaves nothing behind.
 */
import { appendAudit } from '../core/audit/append.ts';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { actingUserId, type InPractice } from '../core/tenancy/acting.ts';
import { assess } from './engine/assess.ts';
import { parseProfile } from './engine/profile/profile-schema.ts';
import { apiDefaultSeed, type AssessmentInput } from './schema.ts';
import { insertAssessment } from './store.ts';

/** The engine names problems inside the profile; the caller sees them under "body.profile", as every body field is named. */
function validProfile(input: unknown) {
  try {
    return parseProfile(input);
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation_failed')
      throw new AppError(
        'validation_failed',
        err.message,
        err.details.map((d) => ({ ...d, path: d.path ? `body.profile.${d.path}` : 'body.profile' })),
      );
    throw err;
  }
}

const cents = (dollars: number) => Math.round(dollars * 100);

export async function runAssessment(
  { tx, clock, practiceId, origin }: InPractice,
  input: Required<Pick<AssessmentInput, 'iterations'>> & Omit<AssessmentInput, 'iterations'>,
): Promise<string> {
  const profile = validProfile(input.profile);
  const seed = input.seed ?? apiDefaultSeed;
  const now = clock.now();
  const result = assess(profile, {
    seed,
    iterations: input.iterations,
    asOf: profile.asOf ?? now.toISOString().slice(0, 10),
  });
  const plan = (id: string) => result.plans.find((p) => p.id === id)!.riskAdjusted;
  const id = newId();
  await insertAssessment(tx, {
    id,
    practiceId,
    createdBy: actingUserId(origin),
    createdAt: now,
    name: input.name ?? profile.name ?? null,
    seed,
    iterations: input.iterations,
    engineVersion: result.engineVersion,
    overallModel: result.overall.model,
    recommendedRiskAdjustedCents: cents(plan('recommended')),
    currentRiskAdjustedCents: cents(plan('current')),
    profile: input.profile as object,
    result,
  });
  await appendAudit(tx, {
    at: now,
    ...origin,
    practiceId,
    action: 'assessment.run',
    targetType: 'assessment',
    targetId: id,
    details: { seed, iterations: input.iterations, overallModel: result.overall.model },
  });
  return id;
}
