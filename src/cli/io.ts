/**
 * How every command reports: results to stdout, errors to stderr, and exit codes from the one
 * table in core/errors.ts (0 success, 1 failure, 2 usage or bad input).
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { escapeControls, escapeControlsKeepingLines } from '../core/display-text.ts';
import { AppError } from '../core/errors.ts';
import { ConfigError } from '../core/config.ts';

/** Where a command writes; process.stdout and process.stderr in real use, buffers in tests. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  /** The terminal's width, when it is one. */
  columns?: number;
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

/** `512 bytes`, `12.3 KiB`, `4.0 MiB`. */
export function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * Says where `--out` wrote, on stderr with the other messages for a person: stdout keeps only the
 * command's result, so `--json --out x` still pipes clean JSON. The path is absolute, as a
 * relative one would mean nothing in a log read later, and its control characters are escaped.
 */
export async function reportWritten(file: string, err: Output): Promise<void> {
  const absolute = resolve(file);
  const { size } = await stat(absolute);
  err.write(`Wrote ${escapeControls(absolute)} (${byteSize(size)})\n`);
}
