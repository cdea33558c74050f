import {
  createdJobSchema,
  jobPageSchema,
  jobSchema,
  periodReportSchema,
  reportPageSchema,
  restoreTestPageSchema,
  restoreTestSchema,
  systemPageSchema,
  systemSchema,
  type Job,
} from '../../../src/backup/schema.ts';
import { allPages, apiRequest } from '../api/client.ts';

export type { Job, System, RestoreTest, PeriodReport } from '../../../src/backup/schema.ts';

export const backupsKey = (practiceId: string) => ['practice', practiceId, 'backups'] as const;

const base = (practiceId: string) => `/api/v1/practices/${practiceId}/backups`;

export const backupApi = {
  systems: (practiceId: string) => allPages(systemPageSchema, `${base(practiceId)}/systems`, (p) => p.systems),
  system: (practiceId: string, id: string) => apiRequest(systemSchema, `${base(practiceId)}/systems/${id}`),
  createSystem: (practiceId: string, body: unknown) =>
    apiRequest(systemSchema, `${base(practiceId)}/systems`, { method: 'POST', body }),
  jobs: (practiceId: string) => allPages(jobPageSchema, `${base(practiceId)}/jobs`, (p) => p.jobs),
  job: (practiceId: string, id: string) => apiRequest(jobSchema, `${base(practiceId)}/jobs/${id}`),
  createJob: (practiceId: string, body: unknown) =>
    apiRequest(createdJobSchema, `${base(practiceId)}/jobs`, { method: 'POST', body }),
  /** The newest reports (one page: what happened lately). */
  reports: (practiceId: string, jobId: string) =>
    apiRequest(reportPageSchema, `${base(practiceId)}/jobs/${jobId}/reports`, { query: { limit: 100 } }),
  restoreTests: (practiceId: string, systemId: string) =>
    apiRequest(restoreTestPageSchema, `${base(practiceId)}/systems/${systemId}/restore-tests`, {
      query: { limit: 50 },
    }),
  recordRestoreTest: (practiceId: string, systemId: string, body: unknown) =>
    apiRequest(restoreTestSchema, `${base(practiceId)}/systems/${systemId}/restore-tests`, { method: 'POST', body }),
  attachEvidence: (practiceId: string, testId: string, file: File) =>
    apiRequest(restoreTestSchema, `${base(practiceId)}/restore-tests/${testId}/evidence`, {
      method: 'PUT',
      file,
      query: { fileName: file.name },
    }),
  evidenceUrl: (practiceId: string, testId: string) => `${base(practiceId)}/restore-tests/${testId}/evidence`,
  report: (practiceId: string, from: string, to: string) =>
    apiRequest(periodReportSchema, `${base(practiceId)}/report`, { query: { from, to } }),
};

export const freshnessLabels: Record<Job['state'], { label: string; color: string }> = {
  waiting: { label: 'Waiting for a first copy', color: 'gray' },
  fresh: { label: 'Fresh', color: 'green' },
  overdue: { label: 'Overdue', color: 'red' },
  paused: { label: 'Paused', color: 'gray' },
};

/** The command a backup product's post-job script runs (bash; %RESULT% and the times come from the product). */
export function curlExample(reportUrl: string): string {
  return [
    `curl -fsS -X POST '${reportUrl}' \\`,
    `  -H 'content-type: application/json' \\`,
    `  -d '{"start":"2026-12-07T01:00:00Z","end":"2026-12-07T01:42:00Z","bytes":52428800,"result":"success","message":"Completed"}'`,
  ].join('\n');
}

export const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);
