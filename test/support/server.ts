import type { FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { fixedClock, type Clock } from '../../src/core/clock.ts';
import { loadConfig, type Config } from '../../src/core/config.ts';
import type { Database } from '../../src/core/db/database.ts';
import { buildServer } from '../../src/server/app.ts';

/** Collects the server's JSON log lines, so tests can check what was (and was not) logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ TANDEM_LOG_LEVEL: 'info' }), ...overrides };
}

export async function buildTestServer(
  database: Database,
  options: { config?: Partial<Config>; clock?: Clock } = {},
): Promise<{ app: FastifyInstance; logs: LogCapture }> {
  const logs = new LogCapture();
  const app = await buildServer(
    {
      config: testConfig(options.config),
      database,
      clock: options.clock ?? fixedClock(new Date('2026-11-23T12:00:00Z')),
    },
    { logStream: logs },
  );
  // The suite owns the database; closing the app must not close it under other tests.
  return { app, logs };
}
