import type { z } from 'zod';
import type { Matrix } from '../../../src/matrix/schema.ts';
import {
  catalogSchema,
  diffSchema,
  versionListSchema,
  versionViewSchema,
  type DraftSource,
  type MatrixDiff,
  type VersionSummary,
  type VersionView,
} from '../../../src/matrix/version-schema.ts';
import { allPages, apiRequest, withQuery } from '../api/client.ts';

export type { DraftSource, MatrixDiff, VersionSummary, VersionView };
export type Catalog = z.infer<typeof catalogSchema>;

const base = (practiceId: string) => `/api/v1/practices/${practiceId}/matrix`;

export const versionsKey = (practiceId: string) => ['practice', practiceId, 'matrix', 'versions'] as const;
export const versionKey = (practiceId: string, n: number) => [...versionsKey(practiceId), n] as const;
export const diffKey = (practiceId: string, from: number, to: number) =>
  ['practice', practiceId, 'matrix', 'diff', from, to] as const;
export const catalogKey = (practiceId: string) => ['practice', practiceId, 'matrix', 'catalog'] as const;

const step = (practiceId: string, n: number, action: 'propose' | 'agree' | 'revise') =>
  apiRequest(versionViewSchema, `${base(practiceId)}/versions/${n}/${action}`, { method: 'POST', body: {} });

export const matrixApi = {
  list: (practiceId: string) => allPages(versionListSchema, `${base(practiceId)}/versions`, (page) => page.versions),
  get: (practiceId: string, n: number) => apiRequest(versionViewSchema, `${base(practiceId)}/versions/${n}`),
  create: (practiceId: string, source: DraftSource) =>
    apiRequest(versionViewSchema, `${base(practiceId)}/versions`, { method: 'POST', body: { source } }),
  save: (practiceId: string, n: number, revision: number, matrix: Matrix) =>
    apiRequest(versionViewSchema, `${base(practiceId)}/versions/${n}`, { method: 'PUT', body: { revision, matrix } }),
  propose: (practiceId: string, n: number) => step(practiceId, n, 'propose'),
  agree: (practiceId: string, n: number) => step(practiceId, n, 'agree'),
  revise: (practiceId: string, n: number) => step(practiceId, n, 'revise'),
  diff: (practiceId: string, from: number, to: number) =>
    apiRequest(diffSchema, `${base(practiceId)}/diff`, { query: { from, to } }),
  catalog: (practiceId: string) => apiRequest(catalogSchema, `${base(practiceId)}/catalog`),
};

/** Exports are plain links, so the browser sends the session cookie and saves the file. */
export function exportUrl(practiceId: string, n: number, format: 'csv' | 'markdown' | 'html'): string {
  return withQuery(`${base(practiceId)}/versions/${n}/export`, { format, download: format === 'html' ? undefined : 1 });
}
