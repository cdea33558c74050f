import {
  assessmentListSchema,
  comparisonSchema,
  storedAssessmentSchema,
  type AssessmentInput,
  type AssessmentSummary,
  type Comparison,
  type StoredAssessment,
} from '../../../src/advisor/schema.ts';
import { apiRequest, withQuery } from '../api/client.ts';
import { maxPageSize } from '../../../src/core/page-schema.ts';

export type { AssessmentSummary, Comparison, StoredAssessment };

const base = (practiceId: string) => `/api/v1/practices/${practiceId}/assessments`;

export const assessmentsKey = (practiceId: string) => ['practice', practiceId, 'assessments'] as const;
export const assessmentKey = (practiceId: string, id: string) => [...assessmentsKey(practiceId), id] as const;
export const comparisonKey = (practiceId: string, a: string, b: string) =>
  [...assessmentsKey(practiceId), 'compare', a, b] as const;

export const advisorApi = {
  /** The newest page: the history shows at most one page of past runs. */
  list: async (practiceId: string) =>
    (await apiRequest(assessmentListSchema, base(practiceId), { query: { limit: maxPageSize } })).assessments,
  get: (practiceId: string, id: string) => apiRequest(storedAssessmentSchema, `${base(practiceId)}/${id}`),
  run: (practiceId: string, body: AssessmentInput) =>
    apiRequest(storedAssessmentSchema, base(practiceId), { method: 'POST', body }),
  compare: (practiceId: string, a: string, b: string) =>
    apiRequest(comparisonSchema, `${base(practiceId)}/compare`, { query: { a, b } }),
};

/** The printable, self-contained HTML report: a plain link, so the browser sends the session cookie. */
export function reportUrl(practiceId: string, id: string, download = false): string {
  return withQuery(`${base(practiceId)}/${id}/report.html`, { download: download ? 1 : undefined });
}
