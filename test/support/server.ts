import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { fixedClock, type Clock } from '../../src/core/clock.ts';
import { loadConfig, type Config } from '../../src/core/config.ts';
import type { Database } from '../../src/core/db/database.ts';
import type { Keyring } from '../../src/core/crypto/keyring.ts';
import type { JobQueue } from '../../src/core/jobs/queue.ts';
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
  options: {
    config?: Partial<Config>;
    clock?: Clock;
    keyring?: Keyring;
    jobs?: JobQueue;
    liveHeartbeatMs?: number;
  } = {},
): Promise<{ app: FastifyInstance; logs: LogCapture }> {
  const logs = new LogCapture();
  const config = testConfig(options.config);
  const app = await buildServer(
    {
      config,
      database,
      clock: options.clock ?? fixedClock(new Date('2026-11-23T12:00:00Z')),
      keyring: options.keyring ?? { currentId: 'test1', keys: new Map([['test1', randomBytes(32)]]) },
      limits: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
      jobs: options.jobs,
      liveHeartbeatMs: options.liveHeartbeatMs,
    },
    { logStream: logs },
  );
  // The suite owns the database; closing the app must not close it under other tests.
  return { app, logs };
}
