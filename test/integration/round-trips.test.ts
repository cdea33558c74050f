/**
 * Round trips to a PostgreSQL server per request (issue 16, section 6): unlike time, their number
 * is deterministic, so it is asserted exactly and cannot creep up unnoticed. Each call of a pg
 * client's query() is one round trip: one batch of messages ending in Sync, one reply awaited
 * (statements sent together with it, such as BEGIN or COMMIT, ride in the same call).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Database } from '../../src/core/db/database.ts';
import { verifyAuditLog } from '../../src/core/audit/verify.ts';
import { openTestDatabase } from '../support/databases.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

describe.skipIf(!inject('postgresUrl'))('round trips per request [postgres]', () => {
  let database: Database;
  let dispose: () => Promise<void>;
  let world: World;
  let admin: SignedIn;
  const queries = vi.spyOn(pg.Client.prototype, 'query');

  beforeAll(async () => {
    ({ database, dispose } = await openTestDatabase('postgres'));
    world = await buildWorld(database);
    admin = await signInAs(world, world.users.otherAdmin);
  });
  afterAll(async () => {
    queries.mockRestore();
    await dispose();
  });

  /** The round trips `send` makes, after its response has been sent. */
  async function roundTrips(send: () => Promise<{ statusCode: number }>, status: number): Promise<number> {
    queries.mockClear();
    const res = await send();
    expect(res.statusCode).toBe(status);
    return queries.mock.calls.length;
  }

  const readPractice = () =>
    world.app.inject({ method: 'GET', url: `/api/v1/practices/${world.practices.c}`, headers: as(admin) });
  const createPractice = () =>
    world.app.inject({
      method: 'POST',
      url: '/api/v1/practices',
      headers: as(admin),
      payload: { name: 'Round Trip Dental', specialty: 'dental' },
    });

  it('a signed-in GET of one practice: one (the session and role come from the per-process cache)', async () => {
    await readPractice(); // fills the cache
    expect(await roundTrips(readPractice, 200)).toBe(1);
  });

  it('an audited create after another change: four (session, BEGIN with the insert, membership, audit with COMMIT)', async () => {
    await createPractice(); // a change: it empties the cache, as every change that may alter access does
    expect(await roundTrips(createPractice, 201)).toBe(4);
    // The audit entries sent with the COMMITs are there and the chain holds.
    const created = await database.query<{ count: string }>(
      "select count(*) from audit_log where action = 'practice.created'",
    );
    expect(Number(created[0]?.count)).toBe(2);
    expect((await verifyAuditLog(database)).ok).toBe(true);
  });

  it('an audited change that keeps access, with the cache warm: three (BEGIN with the read, the update, audit with COMMIT)', async () => {
    await readPractice();
    const patch = () =>
      world.app.inject({
        method: 'PATCH',
        url: `/api/v1/practices/${world.practices.c}`,
        headers: as(admin),
        payload: { name: 'Lakeside Family Practice' },
      });
    expect(await roundTrips(patch, 200)).toBe(3);
  });
});
