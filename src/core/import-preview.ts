/**
 * Applying a previewed CSV import (the device and check imports): the file is previewed, the
 * person reads what it would do, then applies it with the preview's hash. The apply refuses a file
 * with row errors (400, naming each line) and one whose plan is no longer the preview's (409), so
 * what is written is exactly what was shown.
 */
import { AppError } from './errors.ts';

interface Preview {
  summary: { error: number };
  previewHash: string;
  rows: { action: string; line: number; errors: { column: string; message: string }[] }[];
}

/** At most this many rows' errors are named in a refusal (the preview lists them all). */
const namedErrorRows = 100;

/** Throws unless `preview` may be applied as previewed; `what` names what may have changed ("The inventory"). */
export function assertPreviewApplies(preview: Preview, previewHash: string, what: string): void {
  if (preview.summary.error > 0)
    throw new AppError(
      'validation_failed',
      'The CSV has rows with errors; fix them and preview again',
      preview.rows
        .filter((r) => r.action === 'error')
        .slice(0, namedErrorRows)
        .flatMap((r) =>
          r.errors.map((e) => ({ path: `body.csv.line.${r.line}`, message: `${e.column || 'row'}: ${e.message}` })),
        ),
    );
  if (preview.previewHash !== previewHash)
    throw new AppError('conflict', `${what} or the file changed since the preview; preview again`, [
      { path: 'body.previewHash', message: 'does not match what this import would do now' },
    ]);
}
