/**
 * Where the server's log lines go and how they look. JSON (one object a line, for a log
 * collector) unless a person is watching: on a terminal, pino-pretty's readable lines, with the
 * one-line-per-request log moved to debug so the start-up banner and warnings are what is seen.
 */
import pino, { type DestinationStream, type Level } from 'pino';
import pinoPretty from 'pino-pretty';
import type { Config } from '../core/config.ts';

export interface LogOutput {
  stream: DestinationStream;
  /** The level of the line logged for every request. */
  requestLevel: Level;
  /** Writes what is still buffered; called when the server closes. */
  flush?: () => void;
}

/** TANDEM_LOG_FORMAT resolved: auto is pretty on a terminal, JSON otherwise. */
export function resolveLogFormat(format: Config['logFormat'], isTerminal: boolean): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return isTerminal ? 'pretty' : 'json';
}

/** `terminal`: where pretty lines go (stdout unless a test captures them). */
export function logOutput(format: 'json' | 'pretty', terminal: NodeJS.WritableStream = process.stdout): LogOutput {
  if (format === 'pretty')
    return {
      stream: pinoPretty({
        destination: terminal,
        colorize: process.stdout.isTTY === true,
        ignore: 'pid,hostname',
        translateTime: 'SYS:HH:MM:ss',
        sync: true,
      }),
      requestLevel: 'debug',
    };
  // Buffered and written 4 KiB at a time: one write syscall per request was a measurable share
  // of a request's cost (docs/benchmarks.md).
  const buffered = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  return { stream: buffered, requestLevel: 'info', flush: () => buffered.flushSync() };
}
