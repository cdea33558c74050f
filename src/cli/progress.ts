/**
 * A progress bar for long command-line work: `label [#####.....] 42% (3s elapsed, 4s left)` on
 * stderr, redrawn in place with \r. Only a person at a terminal sees it: a piped or redirected
 * stream gets nothing, so logs and scripts never hold carriage returns or escape sequences, and
 * stdout (the command's result) is never touched.
 */
import type { Output } from './io.ts';

export interface ProgressOptions {
  label: string;
  /** No bar at all, e.g. under --json: whoever asked for JSON is reading the output with a program. */
  hidden?: boolean;
  /** Nothing is drawn before this: a run that ends within it would only flicker. */
  delayMs?: number;
  /** Least time between two frames, so a tight loop does not flood a slow terminal. */
  intervalMs?: number;
  /** Milliseconds from any fixed origin; tests pass their own. */
  now?: () => number;
}

export interface Progress {
  /** Whether anything may be drawn: false off a terminal or when hidden, so callers can skip work only the bar needs. */
  readonly visible: boolean;
  /** Reports `done` of `total` units (rows, entries, simulated years). */
  update(done: number, total: number): void;
  /** Clears the bar, if one was drawn. Call it before writing anything else, and on failure too. */
  finish(): void;
}

const eraseToEndOfLine = '\x1b[K';
const widestBar = 30;
const narrowestBar = 10;
/** Terminal width when the stream does not say (through `tandem serve`'s socket) or says 0 (a pseudo-terminal without a size). */
const defaultColumns = 80;

const silent: Progress = { visible: false, update: () => undefined, finish: () => undefined };

/** `59s`, `1m05s`, `2h03m`: short enough to leave the bar its room. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One frame, fitted to the terminal's width: a wrapped line could not be redrawn with \r. */
export function progressFrame(label: string, fraction: number, elapsedMs: number, columns: number): string {
  const f = Math.min(1, Math.max(0, fraction));
  // Floor, so 100% means finished rather than nearly.
  const percent = `${Math.floor(f * 100)}%`;
  const left = f > 0 ? `, ${duration((elapsedMs * (1 - f)) / f)} left` : '';
  const tail = `] ${percent} (${duration(elapsedMs)} elapsed${left})`;
  const width = Math.min(widestBar, Math.max(narrowestBar, columns - 1 - label.length - 2 - tail.length));
  const filled = Math.floor(f * width);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}${tail}`;
}

export function startProgress(stream: Output & { columns?: number }, options: ProgressOptions): Progress {
  if (!stream.isTTY || options.hidden) return silent;
  const { label, delayMs = 1000, intervalMs = 100, now = () => performance.now() } = options;
  const started = now();
  let lastDrawn: number | undefined;
  return {
    visible: true,
    update(done, total) {
      const at = now();
      if (at - started < delayMs) return;
      if (lastDrawn !== undefined && at - lastDrawn < intervalMs) return;
      lastDrawn = at;
      const fraction = total > 0 ? done / total : 0;
      stream.write(
        `\r${progressFrame(label, fraction, at - started, stream.columns || defaultColumns)}${eraseToEndOfLine}`,
      );
    },
    finish() {
      if (lastDrawn !== undefined) stream.write(`\r${eraseToEndOfLine}`);
      lastDrawn = undefined;
    },
  };
}
