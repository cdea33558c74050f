/**
 * The conventions integrators script against (docs/api.md), on both engines: keyset pages with
 * `next` and a maximum size, ETag/If-Match (412 on a stale version), Idempotency-Key on creates
 * (a retry gets the same reply and creates nothing), and rate-limit headers with 429.
 */
import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { maxPageSize } from '../../src/core/page-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildTestServer } from '../support/server.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

interface Page {
  next: string | null;
  [key: string]: unknown;
}

describeEachEngine('API conventions', (db) => {
  let world: World;
  let admin: SignedIn;
  let base: string;

  beforeAll(async () => {
    world = await buildWorld(db());
    admin = await signInAs(world, world.users.mspAdmin);
    base = `/api/v1/practices/${world.practices.a}`;
    // The MSP administrator reads patient contacts below: the practice lets MSP staff see them.
    const granted = await world.app.inject({
      method: 'PUT',
      url: `${base}/desk-privacy`,
      payload: { mspSeesPatientDetails: true },
      headers: as(await signInAs(world, world.users.practiceAdmin)),
    });
    expect(granted.statusCode, granted.body).toBe(200);
  });

  const get = (url: string) => world.app.inject({ method: 'GET', url, headers: as(admin) });
  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    world.app.inject({ method: 'POST', url, payload, headers: { ...as(admin), ...headers } });

  /** Every item of a list, a page of `limit` at a time, and the size of each page. */
  async function walk(url: string, key: string, limit: number): Promise<{ ids: string[]; sizes: number[] }> {
    const ids: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`${url}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as Page;
      const items = page[key] as { id: string }[];
      ids.push(...items.map((item) => item.id));
      sizes.push(items.length);
      cursor = page.next;
    } while (cursor);
    return { ids, sizes };
  }

  it('pages a database list by keyset: every row once, newest first, rows of the same millisecond by id', async () => {
    // The clock stands still: all five contacts share one created_at, so only the id orders them.
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(`${base}/patient-contacts`, { name: `Paged ${i}` });
      expect(res.statusCode, res.body).toBe(201);
      created.push(res.json().id as string);
    }
    const { ids, sizes } = await walk(`${base}/patient-contacts`, 'contacts', 2);
    expect(sizes).toEqual([2, 2, 1]);
    expect(ids).toEqual([...created].sort().reverse());
  });

  it('pages a list read whole the same way (members, by name)', async () => {
    const { ids, sizes } = await walk(`${base}/members`, 'members', 4);
    // Practice A has six members in the test world.
    expect(sizes).toEqual([4, 2]);
    expect(new Set(ids).size).toBe(6);
    const names = ((await get(`${base}/members?limit=${maxPageSize}`)).json().members as { displayName: string }[]).map(
      (m) => m.displayName,
    );
    expect(names).toEqual([...names].sort());
  });

  it('refuses a page over the maximum, an empty one and a cursor it did not make, naming the parameter', async () => {
    for (const [query, path] of [
      [`limit=${maxPageSize + 1}`, 'limit'],
      ['limit=0', 'limit'],
      ['cursor=bm90LWEta2V5', 'cursor'],
      ['cursor=%5B%5D', 'cursor'],
    ] as const) {
      const res = await get(`${base}/api-tokens?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(JSON.stringify(res.json().error.details), query).toContain(path);
    }
    expect((await get(`${base}/api-tokens?limit=${maxPageSize}`)).statusCode).toBe(200);
  });

  it('refuses a change made against a stale ETag with 412 and leaves the resource alone', async () => {
    const read = await get(base);
    const etag = read.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    world.clock.advance(1000);
    const patch = (ifMatch: string, timeZone: string) =>
      world.app.inject({
        method: 'PATCH',
        url: base,
        headers: { ...as(admin), 'if-match': ifMatch },
        payload: { timeZone },
      });
    const first = await patch(etag, 'America/Denver');
    expect(first.statusCode, first.body).toBe(200);
    const newer = first.headers.etag as string;
    expect(newer).not.toBe(etag);
    expect((await get(base)).headers.etag).toBe(newer);

    const stale = await patch(etag, 'America/Phoenix');
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.code).toBe('precondition_failed');
    expect((await get(base)).json().timeZone).toBe('America/Denver');
    expect((await patch(newer, 'America/Chicago')).statusCode).toBe(200);
  });

  it('checks If-Match on a patient contact without revealing its fields in the ETag', async () => {
    const contact = (await post(`${base}/patient-contacts`, { name: 'Versioned' })).json();
    const url = `${base}/patient-contacts/${contact.id as string}`;
    const etag = (await get(url)).headers.etag as string;
    world.clock.advance(1000);
    const change = (ifMatch: string) =>
      world.app.inject({
        method: 'PATCH',
        url,
        headers: { ...as(admin), 'if-match': ifMatch },
        payload: { note: 'x' },
      });
    expect((await change(etag)).statusCode).toBe(200);
    expect((await change(etag)).statusCode).toBe(412);
  });

  it('replays a create retried with the same Idempotency-Key: the same reply, one record', async () => {
    const key = { 'idempotency-key': 'retry-7d2c' };
    const first = await post(`${base}/patient-contacts`, { name: 'Only Once' }, key);
    const retry = await post(`${base}/patient-contacts`, { name: 'Only Once' }, key);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const rows = await db().query<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'patient_contact.created' and target_id = $1",
      [first.json().id],
    );
    expect(rows[0]?.n).toBe(1);
    expect((await post(`${base}/patient-contacts`, { name: 'Someone Else' }, key)).statusCode).toBe(422);
    const bad = await post(`${base}/patient-contacts`, { name: 'Bad key' }, { 'idempotency-key': 'has space' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('headers.idempotency-key');
  });

  it('keeps a replayed secret encrypted at rest, and frees the key of a create that failed', async () => {
    const key = { 'idempotency-key': 'token-once' };
    const payload = { name: 'PSA sync', permissions: ['practice.read'] };
    const first = await post(`${base}/api-tokens`, payload, key);
    const retry = await post(`${base}/api-tokens`, payload, key);
    expect(first.statusCode).toBe(201);
    expect(retry.json().token).toBe(first.json().token);
    const tokens = await db().query<{ n: number }>("select count(*)::int as n from api_tokens where name = 'PSA sync'");
    expect(tokens[0]?.n).toBe(1);
    const stored = await db().query<{ reply: string }>('select reply from idempotency_keys where key = $1', [
      'token-once',
    ]);
    expect(stored[0]?.reply).toMatch(/^enc:v1:/);
    expect(stored[0]?.reply).not.toContain(first.json().token as string);

    const failing = { 'idempotency-key': 'fails-first' };
    expect((await post(`${base}/api-tokens`, { name: '', permissions: ['practice.read'] }, failing)).statusCode).toBe(
      400,
    );
    expect(
      (await post(`${base}/api-tokens`, { name: 'Second try', permissions: ['practice.read'] }, failing)).statusCode,
    ).toBe(201);
  });

  it('announces rate limits on every API reply and answers 429 with Retry-After past the limit', async () => {
    const { app } = await buildTestServer(db(), { config: { apiRateLimit: 3 }, clock: world.clock });
    try {
      // The world's clock is 12:00:00 plus whole seconds of sign-ins and advances: find where in the minute it is.
      const reset = String(60 - (Math.floor(world.clock.now().getTime() / 1000) % 60));
      const call = (headers: Record<string, string> = {}) =>
        (app as FastifyInstance).inject({ method: 'GET', url: '/api/v1/status', headers });
      const replies = [await call(), await call(), await call(), await call()];
      expect(replies.map((r) => r.statusCode)).toEqual([200, 200, 200, 429]);
      expect(replies.map((r) => r.headers['ratelimit-remaining'])).toEqual(['2', '1', '0', '0']);
      expect(replies.every((r) => r.headers['ratelimit-limit'] === '3' && r.headers['ratelimit-reset'] === reset)).toBe(
        true,
      );
      expect(replies[3]?.headers['retry-after']).toBe(reset);
      expect(replies[3]?.json().error.code).toBe('too_many_requests');
      // Another caller has its own count.
      const other = await call({ authorization: 'Bearer tdm_someone-else' });
      expect([other.statusCode, other.headers['ratelimit-remaining']]).toEqual([200, '2']);
      world.clock.advance(Number(reset) * 1000);
      expect((await call()).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
