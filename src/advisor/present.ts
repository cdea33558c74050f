/** What leaves the API: explicit fields, dollars back from cents; rows never leak. */
import type { AssessmentSummary, StoredAssessment } from './schema.ts';
import type { AssessmentRowWithAuthor } from './store.ts';
import { upgradeStoredResult } from './upgrade-result.ts';

export function presentSummary(row: AssessmentRowWithAuthor): AssessmentSummary {
  return {
    id: row.id,
    practiceId: row.practiceId,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy ? { id: row.createdBy, displayName: row.authorName ?? '' } : null,
    seed: row.seed,
    iterations: row.iterations,
    overallModel: row.overallModel as AssessmentSummary['overallModel'],
    recommendedRiskAdjusted: row.recommendedRiskAdjustedCents / 100,
    currentRiskAdjusted: row.currentRiskAdjustedCents / 100,
  };
}

export function presentAssessment(row: AssessmentRowWithAuthor): StoredAssessment {
  return {
    ...presentSummary(row),
    profile: row.profile as Record<string, unknown>,
    result: upgradeStoredResult(row.result),
  };
}
