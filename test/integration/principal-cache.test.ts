/**
 * The per-process cache of session and token lookups (src/server/caller/principal-cache.ts) must
 * never outlive a change: changes made through this server apply to the very next request, and
 * changes made elsewhere (another server process, the CLI, SQL) apply once entries expire.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sessions } from '../../src/core/identity/tables.ts';
import { sha256 } from '../../src/core/identity/tokens.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildTestServer } from '../support/server.ts';
import { as, buildWorld, disableUser, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('session and token lookups cached per process', (db) => {
  let world: World;
  /** A second server on the same database: "another process" for the cache. */
  let other: FastifyInstance;
  const otherTtlMs = 150;
  beforeAll(async () => {
    world = await buildWorld(db());
    other = (
      await buildTestServer(db(), { clock: world.clock, keyring: world.keyring, config: { authCacheMs: otherTtlMs } })
    ).app;
  });
  afterAll(async () => {
    await other.close();
  });

  /** fn with a server of its own on the same database, with this TANDEM_AUTH_CACHE_MS. */
  async function withServer(authCacheMs: number, fn: (app: FastifyInstance) => Promise<void>) {
    const { app } = await buildTestServer(db(), {
      clock: world.clock,
      keyring: world.keyring,
      config: { authCacheMs },
    });
    try {
      await fn(app);
    } finally {
      await app.close();
    }
  }

  const readPractice = (app: FastifyInstance, headers: Record<string, string>) =>
    app.inject({ method: 'GET', url: `/api/v1/practices/${world.practices.a}`, headers });

  /** A practice.read token for practice A, made through the API. */
  async function createToken(admin: SignedIn, name: string) {
    const created = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.a}/api-tokens`,
      headers: as(admin),
      payload: { name, permissions: ['practice.read'] },
    });
    expect(created.statusCode).toBe(201);
    return {
      bearer: { authorization: `Bearer ${created.json().token}` },
      tokenId: created.json().apiToken.id as string,
    };
  }

  it('applies a role removed through this server to the next request', async () => {
    const staff = await signInAs(world, world.users.staff);
    expect((await readPractice(world.app, as(staff))).statusCode).toBe(200);
    const admin = await signInAs(world, world.users.practiceAdmin);
    const removed = await world.app.inject({
      method: 'DELETE',
      url: `/api/v1/practices/${world.practices.a}/members/${world.users.staff.id}`,
      headers: as(admin),
    });
    expect(removed.statusCode).toBe(204);
    // Removal ends the person's sessions (docs/security.md), so the next request is not signed in.
    expect((await readPractice(world.app, as(staff))).statusCode).toBe(401);
  });

  it('applies a revoked API token to the next request', async () => {
    const admin = await signInAs(world, world.users.practiceAdmin);
    const { bearer, tokenId } = await createToken(admin, 'agent');
    expect((await readPractice(world.app, bearer)).statusCode).toBe(200);
    expect((await readPractice(world.app, bearer)).statusCode).toBe(200);
    const revoked = await world.app.inject({
      method: 'DELETE',
      url: `/api/v1/practices/${world.practices.a}/api-tokens/${tokenId}`,
      headers: as(admin),
    });
    expect(revoked.statusCode).toBe(200);
    expect((await readPractice(world.app, bearer)).statusCode).toBe(401);
  });

  it('audits a token used by concurrent requests once, not once per request', async () => {
    const { bearer, tokenId } = await createToken(await signInAs(world, world.users.practiceAdmin), 'burst');
    expect((await readPractice(world.app, bearer)).statusCode).toBe(200); // first use recorded; lookup cached
    world.clock.advance(61 * 60_000); // an hour on: the next use is recorded again, by one request of the burst
    const replies = await Promise.all(Array.from({ length: 8 }, () => readPractice(world.app, bearer)));
    expect(replies.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    const uses = await db().query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'api_token.used' and target_id = $1`,
      [tokenId],
    );
    expect(uses[0]?.n).toBe(2);
  });

  it('sees a change made outside this server once TANDEM_AUTH_CACHE_MS has passed', async () => {
    const auditor = await signInAs(world, world.users.auditor);
    expect((await readPractice(other, as(auditor))).statusCode).toBe(200);
    // Revoked behind the second server's back, as another process or an operator with SQL would.
    await db().db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.userId, world.users.auditor.id));
    await sleep(otherTtlMs + 100);
    expect((await readPractice(other, as(auditor))).statusCode).toBe(401);
  });

  it('keeps lookups through a change that cannot alter access (keepsAccess), and drops them on one that can', async () => {
    // A TTL no test run outlasts, so only a clear can end a cached lookup here.
    await withServer(600_000, async (warm) => {
      const admin = await signInAs(world, world.users.practiceAdmin);
      expect((await readPractice(warm, as(admin))).statusCode).toBe(200);
      // Revoked behind this server's back: it goes on answering from its cache until something clears it.
      const tokenHash = sha256(admin.cookie.replace('tandem_session=', ''));
      await db().db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.tokenHash, tokenHash));
      const renamed = await warm.inject({
        method: 'PATCH',
        url: `/api/v1/practices/${world.practices.a}`,
        headers: as(admin),
        payload: { name: 'Alder Family Practice' },
      });
      expect(renamed.statusCode).toBe(200);
      expect((await readPractice(warm, as(admin))).statusCode).toBe(200);
      const tokenMade = await warm.inject({
        method: 'POST',
        url: `/api/v1/practices/${world.practices.a}/api-tokens`,
        headers: as(admin),
        payload: { name: 'clears the cache', permissions: ['practice.read'] },
      });
      expect(tokenMade.statusCode).toBe(201);
      expect((await readPractice(warm, as(admin))).statusCode).toBe(401);
    });
  });

  it('checks the idle timeout on every request, cached or not', async () => {
    const admin = await signInAs(world, world.users.practiceAdmin);
    expect((await readPractice(world.app, as(admin))).statusCode).toBe(200);
    world.clock.advance(16 * 60_000);
    expect((await readPractice(world.app, as(admin))).statusCode).toBe(401);
  });

  it('with TANDEM_AUTH_CACHE_MS=0 looks every session up afresh', async () => {
    await withServer(0, async (uncached) => {
      const admin = await signInAs(world, world.users.practiceAdmin);
      expect((await readPractice(uncached, as(admin))).statusCode).toBe(200);
      await disableUser(db(), world.users.practiceAdmin.id);
      expect((await readPractice(uncached, as(admin))).statusCode).toBe(401);
    });
  });
});
