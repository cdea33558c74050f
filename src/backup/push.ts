/**
 * A backup product's report: its post-job script posts JSON to the job's secret URL. The token
 * is looked up by its hash (the token itself is never stored, so a database dump holds no working
 * URL); the report is stored and the job's state moved in one statement (store.ts recordReport),
 * outside any transaction (one statement is atomic on its own).
 * A report that brings an overdue job back is acted on by the next RPO evaluation (at most a
 * minute later), which resolves the incident: the push itself stays one round trip.
 */
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { sha256 } from '../core/identity/tokens.ts';
import type { ReportInput } from './schema.ts';
import { recordReport } from './store.ts';

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
  return recordReport(database.db, sha256(token), {
    id: newId(),
    startedAt: new Date(report.start),
    endedAt: new Date(report.end),
    bytes: report.bytes,
    result: report.result,
    message: report.message,
    receivedAt: now,
  });
}
