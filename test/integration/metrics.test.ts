/**
 * Prometheus metrics on both engines: the operator's /metrics (off without TANDEM_METRICS_TOKEN,
 * the token checked, process, HTTP and install-wide check series), and a practice's check series
 * for a scraper holding a practice API token (its permission and practice checked).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CreatedCheck } from '../../src/monitor/schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildTestServer } from '../support/server.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

const metricsToken = 'metrics-token-for-tests-0123456789abcdef';

/** The value of the sample with exactly these labels (in the order prom-client writes them). */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{${labels}} `) || (labels === '' && l.startsWith(`${name} `)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describeEachEngine('Prometheus metrics', (db) => {
  let world: World;
  let admin: SignedIn;
  let base: string;

  const scrape = (authorization?: string) =>
    world.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });

  const token = async (practiceId: string, permissions: string[], session = admin) => {
    const res = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${practiceId}/api-tokens`,
      headers: as(session),
      payload: { name: `scraper ${permissions.join(' ')}`, permissions },
    });
    expect(res.statusCode, res.body).toBe(201);
    return `Bearer ${(res.json() as { token: string }).token}`;
  };

  beforeAll(async () => {
    world = await buildWorld(db(), { config: { metricsToken } });
    admin = await signInAs(world, world.users.mspAdmin);
    base = `/api/v1/practices/${world.practices.a}`;
  });
  afterAll(async () => world.app.close());

  it('is off (404) when no token is configured, and asks for the token when one is', async () => {
    const { app } = await buildTestServer(db());
    try {
      const off = await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${metricsToken}` },
      });
      expect(off.statusCode).toBe(404);
      expect(off.json().error.message).toMatch(/TANDEM_METRICS_TOKEN/);
    } finally {
      await app.close();
    }
    expect((await scrape()).statusCode).toBe(401);
    expect((await scrape(`Bearer ${metricsToken}x`)).statusCode).toBe(401);
    expect((await scrape(`Basic ${metricsToken}`)).statusCode).toBe(401);
    // A practice's API token is not the operator's.
    expect((await scrape(await token(world.practices.a, ['monitoring.read']))).statusCode).toBe(401);
  });

  it("serves the process's, the requests' and every practice's check figures", async () => {
    await world.app.inject({ method: 'GET', url: '/api/v1/status' });
    await world.app.inject({ method: 'GET', url: '/api/v1/status' });
    await world.app.inject({ method: 'GET', url: '/nowhere' });
    await world.app.inject({
      method: 'POST',
      url: `${base}/monitor/checks`,
      headers: as(admin),
      payload: pushCheck('Nightly job'),
    });
    await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.b}/monitor/checks`,
      headers: as(admin),
      payload: pushCheck('Other practice job'),
    });
    const res = await scrape(`Bearer ${metricsToken}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(sample(text, 'tandem_http_requests_total', 'method="GET",route="/api/v1/status",status="200"')).toBe(2);
    // A path nobody routes is counted as one "unmatched" series, not one per path.
    expect(text).not.toContain('/nowhere');
    expect(sample(text, 'tandem_monitor_checks', 'state="pending"')).toBe(2);
    expect(sample(text, 'tandem_monitor_checks', 'state="down"')).toBe(0);
    expect(sample(text, 'tandem_monitor_checks_late', '')).toBe(0);
  });

  it("gives a practice's checks to its API token with monitoring.read, and to nobody else", async () => {
    const made = await world.app.inject({
      method: 'POST',
      url: `${base}/monitor/checks`,
      headers: as(admin),
      payload: pushCheck('Backup "server" \\ job'),
    });
    expect(made.statusCode, made.body).toBe(201);
    const { check } = made.json() as CreatedCheck;
    const reader = await token(world.practices.a, ['monitoring.read']);
    const res = await world.app.inject({
      method: 'GET',
      url: `${base}/monitor/metrics`,
      headers: { authorization: reader },
    });
    expect(res.statusCode, res.body).toBe(200);
    // Quotes and backslashes in a name are escaped, as the text format requires.
    const labels = `check_id="${check.id}",check="Backup \\"server\\" \\\\ job",kind="push"`;
    expect(sample(res.body, 'tandem_check_state', `${labels},state="pending"`)).toBe(1);
    expect(sample(res.body, 'tandem_check_state', `${labels},state="up"`)).toBe(0);
    // Pending: neither up nor down yet, and never run.
    expect(sample(res.body, 'tandem_check_up', labels)).toBeUndefined();
    expect(sample(res.body, 'tandem_check_last_run_timestamp_seconds', labels)).toBeUndefined();
    // Practice B's check is not in practice A's figures.
    expect(res.body).not.toContain('Other practice job');

    // Once it has run and gone down (set here; the scheduler's own runs are monitoring.test's).
    await db().db.execute(
      sql`update monitor_checks set state = 'down', last_latency_ms = 250, last_checked_at = '2026-11-23T12:00:00Z' where id = ${check.id}`,
    );
    const down = await world.app.inject({
      method: 'GET',
      url: `${base}/monitor/metrics`,
      headers: { authorization: reader },
    });
    expect(sample(down.body, 'tandem_check_up', labels)).toBe(0);
    expect(sample(down.body, 'tandem_check_state', `${labels},state="down"`)).toBe(1);
    expect(sample(down.body, 'tandem_check_latency_seconds', labels)).toBe(0.25);
    expect(sample(down.body, 'tandem_check_last_run_timestamp_seconds', labels)).toBe(1_795_435_200);

    const noPermission = await world.app.inject({
      method: 'GET',
      url: `${base}/monitor/metrics`,
      headers: { authorization: await token(world.practices.a, ['matrix.read']) },
    });
    expect(noPermission.statusCode).toBe(403);
    const otherPractice = await world.app.inject({
      method: 'GET',
      url: `${base}/monitor/metrics`,
      headers: { authorization: await token(world.practices.b, ['monitoring.read']) },
    });
    expect(otherPractice.statusCode).toBe(404);
    expect((await world.app.inject({ method: 'GET', url: `${base}/monitor/metrics` })).statusCode).toBe(401);
  });
});

function pushCheck(name: string) {
  return { name, probe: { kind: 'push', graceSeconds: 300 }, intervalSeconds: 3600, activity: 'backup_recovery' };
}
