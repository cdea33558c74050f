/**
 * What a backup product's report email says about its run, read from the subject (and, for
 * Windows Server Backup's event text, the body). The patterns, documented in docs/backups.md:
 *
 * - Veeam (Backup & Replication, Agent): the subject starts with the result in brackets,
 *   `[Success] Nightly (3 VMs)`, `[Warning] ...`, `[Failed] ...`.
 * - Windows Server Backup (an event-triggered task mailing the event's text): "The backup
 *   operation has finished successfully" (event 4) is a success; "The backup operation that
 *   started at ... has failed" (events 5, 19, 517, ...) and "... has completed with errors" a failure.
 * - Generic: a subject word "failed", "failure" or "error(s)" (not "0 errors", "no errors") is a
 *   failure; otherwise "warning(s)" a warning; otherwise "success", "successful", "succeeded",
 *   "completed", "OK" a success.
 *
 * Anything else is `unknown`, with the subject as the message: stored, shown, and no good copy.
 */
import type { StoredReportResult } from '../backup/schema.ts';

export interface EmailedRun {
  result: StoredReportResult;
  /** Which pattern matched: veeam, windows_server_backup, generic or none. */
  pattern: 'veeam' | 'windows_server_backup' | 'generic' | 'none';
}

const veeam = /^\s*\[(success|warning|failed|failure|error)\]/i;
const wsbSuccess = /the backup operation has finished successfully/i;
const wsbFailure = /the backup operation (?:that started at .{0,100}? )?has (?:failed|completed with errors)/i;
const genericFailure = /\b(?<!\b(?:0|no|zero)\s)(failed|failure|errors?)\b/i;
const genericWarning = /\bwarnings?\b/i;
const genericSuccess = /\b(success|successful|successfully|succeeded|completed|ok)\b/i;

function veeamResult(word: string): StoredReportResult {
  const w = word.toLowerCase();
  return w === 'success' ? 'success' : w === 'warning' ? 'warning' : 'failed';
}

export function readBackupEmail(subject: string, body: string): EmailedRun {
  const bracket = veeam.exec(subject);
  if (bracket) return { result: veeamResult(bracket[1]!), pattern: 'veeam' };
  const text = `${subject}\n${body}`;
  if (wsbFailure.test(text)) return { result: 'failed', pattern: 'windows_server_backup' };
  if (wsbSuccess.test(text)) return { result: 'success', pattern: 'windows_server_backup' };
  if (genericFailure.test(subject)) return { result: 'failed', pattern: 'generic' };
  if (genericWarning.test(subject)) return { result: 'warning', pattern: 'generic' };
  if (genericSuccess.test(subject)) return { result: 'success', pattern: 'generic' };
  return { result: 'unknown', pattern: 'none' };
}
