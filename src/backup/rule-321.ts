/**
 * The 3-2-1 rule for one system, pure: three copies of the data (the original counts as one, each
 * backup job not paused adds one), on two different media among the backup copies (so one failure
 * mode cannot take every backup), one of them off the site (an offsite or cloud destination).
 * Counting jobs, not reports: whether each job's copy is fresh is its RPO state, shown beside it.
 */
import type { RuleStatus } from './schema.ts';

export interface JobCopy {
  destination: string;
  medium: string;
  paused: boolean;
}

export function rule321(jobs: readonly JobCopy[]): RuleStatus {
  const active = jobs.filter((j) => !j.paused);
  const copies = active.length + 1;
  const media = new Set(active.map((j) => j.medium)).size;
  const offsite = active.filter((j) => j.destination !== 'local').length;
  const missing = [
    ...(copies < 3 ? [`${3 - copies} more cop${3 - copies === 1 ? 'y' : 'ies'}`] : []),
    ...(media < 2 ? ['a second medium'] : []),
    ...(offsite < 1 ? ['a copy off the site'] : []),
  ];
  return { copies, media, offsite, met: missing.length === 0, missing };
}
