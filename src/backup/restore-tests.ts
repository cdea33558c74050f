/**
 * Restore tests: what was restored, from which copy, by whom, how long it took against the
 * system's RTO target, how it went, and an evidence file. The file is kept in the database
 * (backup_restore_evidence, bytea, at most 5 MiB of a few types): it is then in the database's own
 * backups, under row-level security like the test it proves, written in the same transaction as its
 * audit entry, and every process behind a load balancer serves it without a shared disk.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { existingJob } from './backup-jobs.ts';
import type { RestoreTest, RestoreTestInput } from './schema.ts';
import {
  evidenceOf,
  findRestoreTest,
  insertRestoreTest,
  listRestoreTests,
  putEvidence,
  readEvidence,
  type EvidenceFacts,
  type EvidenceRow,
  type Page,
  type RestoreTestRow,
} from './store.ts';
import { auditBackup, existingSystem } from './systems.ts';

/** How long the restore took, in whole minutes (the RTO achieved). */
export const rtoMinutes = (row: Pick<RestoreTestRow, 'startedAt' | 'finishedAt'>) =>
  Math.round((row.finishedAt.getTime() - row.startedAt.getTime()) / 60_000);

export function presentRestoreTest(row: RestoreTestRow, evidence: EvidenceFacts | undefined): RestoreTest {
  const minutes = rtoMinutes(row);
  return {
    id: row.id,
    systemId: row.systemId,
    jobId: row.jobId,
    restored: row.restored,
    copy: row.copy,
    performedBy: row.performedBy,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt.toISOString(),
    rtoMinutes: minutes,
    rtoTargetHours: row.rtoTargetHours,
    rtoMet: minutes <= row.rtoTargetHours * 60,
    result: row.result as RestoreTest['result'],
    notes: row.notes,
    recordedBy: row.recordedBy,
    evidence: evidence
      ? {
          fileName: evidence.fileName,
          contentType: evidence.contentType,
          size: evidence.size,
          sha256: evidence.sha256,
          uploadedAt: evidence.uploadedAt.toISOString(),
        }
      : null,
    createdAt: row.createdAt.toISOString(),
  };
}

async function existingTest(s: InPractice, id: string): Promise<RestoreTestRow> {
  const row = await findRestoreTest(s.tx, id);
  if (!row) throw new AppError('not_found', 'No restore test with that id in this practice');
  return row;
}

export async function recordRestoreTest(
  s: InPractice,
  systemId: string,
  input: RestoreTestInput,
): Promise<RestoreTest> {
  const system = await existingSystem(s, systemId);
  if (input.jobId) {
    const job = await existingJob(s, input.jobId).catch(() => null);
    if (!job || job.systemId !== systemId)
      throw new AppError('validation_failed', 'The request is not valid', [
        { path: 'body.jobId', message: 'is not a backup job of this system' },
      ]);
  }
  const finishedAt = new Date(input.finishedAt);
  if (finishedAt > s.clock.now())
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'body.finishedAt', message: 'is in the future' },
    ]);
  const row: RestoreTestRow = {
    id: newId(),
    practiceId: s.practiceId,
    systemId,
    jobId: input.jobId,
    restored: input.restored,
    copy: input.copy,
    performedBy: input.performedBy,
    startedAt: new Date(input.startedAt),
    finishedAt,
    rtoTargetHours: system.rtoTargetHours,
    result: input.result,
    notes: input.notes,
    recordedBy: s.origin.actorLabel ?? 'unknown',
    createdAt: s.clock.now(),
  };
  await insertRestoreTest(s.tx, row);
  await auditBackup(s, 'backup.restore_test_recorded', 'backup_restore_test', row.id, {
    systemId,
    jobId: row.jobId,
    result: row.result,
    rtoMinutes: rtoMinutes(row),
    rtoTargetHours: row.rtoTargetHours,
  });
  return presentRestoreTest(row, undefined);
}

export async function readRestoreTest(s: InPractice, id: string): Promise<RestoreTest> {
  const row = await existingTest(s, id);
  return presentRestoreTest(row, (await evidenceOf(s.tx, [id])).get(id));
}

export async function readRestoreTests(
  s: InPractice,
  systemId: string,
  page: Page,
): Promise<{ rows: RestoreTestRow[]; tests: RestoreTest[] }> {
  await existingSystem(s, systemId);
  const rows = await listRestoreTests(s.tx, systemId, page);
  const evidence = await evidenceOf(
    s.tx,
    rows.map((r) => r.id),
  );
  return { rows, tests: rows.map((r) => presentRestoreTest(r, evidence.get(r.id))) };
}

/** Stores (or replaces) a test's evidence file; type and size were checked by the caller. */
export async function attachEvidence(
  s: InPractice,
  testId: string,
  file: { fileName: string; contentType: string; content: Buffer },
): Promise<RestoreTest> {
  await existingTest(s, testId);
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  const row: EvidenceRow = {
    restoreTestId: testId,
    practiceId: s.practiceId,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.content.length,
    sha256,
    content: file.content,
    uploadedAt: s.clock.now(),
  };
  await putEvidence(s.tx, row);
  await auditBackup(s, 'backup.evidence_attached', 'backup_restore_test', testId, {
    fileName: file.fileName,
    contentType: file.contentType,
    size: row.size,
    sha256,
  });
  return readRestoreTest(s, testId);
}

export async function evidenceFile(s: InPractice, testId: string): Promise<EvidenceRow> {
  await existingTest(s, testId);
  const row = await readEvidence(s.tx, testId);
  if (!row) throw new AppError('not_found', 'This restore test has no evidence file');
  return row;
}
