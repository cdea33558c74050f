/**
 * Two `tandem serve --role worker` processes on one PostgreSQL database share the checks: every
 * due check runs exactly once (one result, one request to the site it probes), none twice, whichever
 * worker claimed it. Then one worker is killed mid-lease (SIGKILL: no clean hand-back) and the
 * other takes its checks over once the lease has run out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { testAuditKey } from '../support/audit-key.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { repoRoot, tandemBin } from '../support/spawn-server.ts';
import { waitFor } from '../support/wait-for.ts';

const checks = 120;

describe.skipIf(!inject('postgresUrl'))('monitoring workers [postgres]', () => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let client: pg.Client;
  let site: Server;
  let siteUrl: string;
  const hits = new Map<string, number>();
  const workers: ChildProcess[] = [];
  const practiceId = crypto.randomUUID();

  const startWorker = async () => {
    const env = {
      ...process.env,
      DATABASE_URL: created.url,
      TANDEM_ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}`,
      TANDEM_AUDIT_KEY: testAuditKey,
      TANDEM_LOG_LEVEL: 'warn',
    };
    const worker = spawn(process.execPath, [tandemBin, 'serve', '--role', 'worker'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    worker.stdout.on('data', (d: Buffer) => (out += d.toString()));
    worker.stderr.on('data', (d: Buffer) => (out += d.toString()));
    workers.push(worker);
    await waitFor(() => out.includes('Tandem worker is running') || worker.exitCode !== null, {
      timeoutMs: 120_000,
      what: 'worker start',
    });
    expect(out).toContain('Tandem worker is running');
    return worker;
  };

  const count = async (text: string) => Number((await client.query<{ n: string }>(text)).rows[0]!.n);

  beforeAll(async () => {
    created = await createPostgresDatabase('migrated');
    client = new pg.Client({ connectionString: created.url });
    await client.connect();
    site = createServer((req, res) => {
      hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
      res.end('ok');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const org = crypto.randomUUID();
    await client.query(`insert into organizations (id, name, kind) values ($1, 'Harbor IT', 'msp')`, [org]);
    await client.query(
      `insert into practices (id, organization_id, name, specialty, jurisdiction, time_zone)
       values ($1, $2, 'Alder', 'medical', 'US', 'America/Chicago')`,
      [practiceId, org],
    );
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await client?.end();
    site?.closeAllConnections();
    await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
    await created?.drop();
  });

  /** Checks due now, each probing its own path on the site, with an interval far beyond the test. */
  const addChecks = async (prefix: string, n: number, lease: { owner: string; seconds: number } | null = null) => {
    for (let i = 0; i < n; i += 1)
      await client.query(
        `insert into monitor_checks (id, practice_id, name, kind, target, settings, interval_seconds, failure_threshold,
           recovery_threshold, activity, allow_private_targets, paused, state, state_since, next_run_at, created_at,
           updated_at, lease_owner, lease_until)
         values ($1, $2, $3, 'http', $4, '{"expectedStatus":200,"verifyTls":true}', 86400, 2, 1, 'edr', true, false,
           'pending', now(), now(), now(), now(), $5, now() + make_interval(secs => $6))`,
        [
          crypto.randomUUID(),
          practiceId,
          `${prefix} ${i}`,
          `${siteUrl}/${prefix}/${i}`,
          lease?.owner ?? null,
          lease?.seconds ?? 0,
        ],
      );
  };

  test('two workers run every due check once', async () => {
    await startWorker();
    await startWorker();
    await addChecks('shared', checks);
    await waitFor(async () => (await count('select count(*) as n from monitor_results')) >= checks, {
      timeoutMs: 120_000,
      what: 'every check run',
    });
    // A little longer, so that a second run of any check would have happened.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const perCheck = await client.query<{ n: string }>(
      'select count(r.id) as n from monitor_checks c left join monitor_results r on r.check_id = c.id group by c.id',
    );
    expect(perCheck.rows.map((r) => Number(r.n))).toEqual(Array(checks).fill(1));
    expect([...hits.values()]).toEqual(Array(checks).fill(1));
    expect(await count(`select count(*) as n from monitor_checks where state = 'up' and lease_owner is null`)).toBe(
      checks,
    );
  }, 300_000);

  test('a killed worker’s leased checks are run by the other once the lease runs out', async () => {
    const [first] = workers;
    first!.kill('SIGKILL');
    await new Promise((resolve) => first!.on('exit', resolve));
    // Leased to a worker that is gone (as if it died mid-run): due, but not before the lease ends.
    const dead = 'dead-worker';
    await addChecks('orphan', 5, { owner: dead, seconds: 3 });
    await waitFor(
      async () =>
        (await count(`select count(*) as n from monitor_checks where name like 'orphan %' and state = 'up'`)) === 5,
      {
        timeoutMs: 120_000,
        what: 'orphaned checks taken over',
      },
    );
    // Each ran once, and only after the dead worker's lease had run out.
    const runs = await client.query<{ early: boolean }>(
      `select r.at < c.created_at + interval '3 seconds' as early
       from monitor_results r join monitor_checks c on c.id = r.check_id where c.name like 'orphan %'`,
    );
    expect(runs.rows).toEqual(Array(5).fill({ early: false }));
    expect(await count(`select count(*) as n from monitor_checks where lease_owner = '${dead}'`)).toBe(0);
  }, 300_000);
});
