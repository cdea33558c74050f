/**
 * How every command reports: results to stdout, errors to stderr, and exit codes from the one
 * table in core/errors.ts (0 success, 1 failure, 2 usage or bad input).
 */
import { escapeControlsKeepingLines } from '../core/display-text.ts';
import { AppError } from '../core/errors.ts';
import { ConfigError } from '../core/config.ts';

/** Where a command writes; process.stdout and process.stderr in real use, buffers in tests. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Reports a failure on stderr without a stack trace and sets the exit code. */
export function fail(err: unknown): void {
  if (err instanceof ConfigError) {
    process.stderr.write(`tandem: configuration error: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  if (err instanceof AppError) {
    // Messages can quote the user's input (a file name, a cell): its control characters are escaped, not obeyed.
    process.stderr.write(`tandem: ${escapeControlsKeepingLines(err.message)}\n`);
    for (const d of err.details)
      process.stderr.write(
        `  - ${escapeControlsKeepingLines(d.path || '(input)')}: ${escapeControlsKeepingLines(d.message)}\n`,
      );
    process.exitCode = err.exitCode;
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`tandem: ${escapeControlsKeepingLines(message)}\n`);
  process.exitCode = 1;
}

/** Wraps a command action so that any throw becomes a clean message and an exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      fail(err);
    }
  };
}
