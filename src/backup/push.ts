/**
 * A backup product's report: its post-job script posts JSON to the job's secret URL. The token
 * is looked up by its hash (the token itself is never stored, so a database dump holds no working
 * URL); the report is stored and the job's state moved in one statement (store.ts recordReport),
 * outside any transaction (one statement is atomic on its own).
 * A report that brings an overdue job back is acted on by the next RPO evaluation (at most a
 * minute later), which resolves the incident: the push itself stays one round trip.
 */
import type { Clock } from '../core/clock.ts';
import type { Database, Db } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { sha256 } from '../core/identity/tokens.ts';
import type { ReportInput, StoredReportResult } from './schema.ts';
import { jobOfTokenHash, recordPushedReport, recordReport } from './store.ts';

/** How far ahead of Tandem's clock a report's end may be (clock skew), so no report keeps a job fresh ahead of time. */
const skewMs = 5 * 60_000;

/** Stores a report; false when no job has that token (or it is paused). */
export async function receiveReport(
  database: Database,
  clock: Clock,
  token: string,
  report: ReportInput,
): Promise<boolean> {
  const now = clock.now();
  if (Date.parse(report.end) > now.getTime() + skewMs)
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'body.end', message: 'is in the future (more than 5 minutes ahead of the server clock)' },
    ]);
  // One statement, so it needs no transaction of its own: run as the owner outside one (as the
  // session lookup is), it saves the BEGIN/COMMIT round trips that were half a report's cost.
  return recordPushedReport(database, sha256(token), {
    id: newId(),
    startedAt: new Date(report.start),
    endedAt: new Date(report.end),
    bytes: report.bytes,
    result: report.result,
    message: report.message,
    receivedAt: now,
  });
}

/** The active job a report token names (its practice and name), or null: the SMTP receiver's RCPT check. */
export async function reportJobOf(
  tx: Db,
  token: string,
): Promise<{ id: string; practiceId: string; name: string } | null> {
  return jobOfTokenHash(tx, sha256(token));
}

/**
 * An emailed report (src/mail): stored in the caller's owner transaction, so the receiver records
 * and audits the message in the same one. Its times are the email's; it reports no bytes.
 */
export async function recordEmailedReport(
  tx: Db,
  token: string,
  report: { at: Date; receivedAt: Date; result: StoredReportResult; message: string },
): Promise<boolean> {
  return recordReport(tx, sha256(token), {
    id: newId(),
    startedAt: report.at,
    endedAt: report.at,
    bytes: 0,
    result: report.result,
    message: report.message,
    receivedAt: report.receivedAt,
  });
}
