/**
 * What reaches the logs and the database from hostile text: a NUL character anywhere in a request
 * is refused naming the field (PostgreSQL cannot store it; it used to be a 500), a failing
 * statement's parameters never reach a log line (they may be patient data), and one-time secrets
 * in URLs are redacted from the request log.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { loggableError } from '../../src/server/errors.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildTestServer } from '../support/server.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('log hygiene', (db) => {
  let world: World;
  let admin: SignedIn;

  beforeAll(async () => {
    world = await buildWorld(db());
    admin = await signInAs(world, world.users.practiceAdmin);
  });

  it('refuses a NUL character in a name, a nested field or a query, naming where it is', async () => {
    const practice = `/api/v1/practices/${world.practices.a}`;
    const cases = [
      { method: 'PATCH', url: practice, payload: { name: 'Alder\u0000Clinic' }, path: 'body.name' },
      {
        method: 'POST',
        url: `${practice}/api-tokens`,
        payload: { name: 'agent\u0000', permissions: ['practice.read'] },
        path: 'body.name',
      },
      {
        method: 'POST',
        url: `${practice}/patient-contacts`,
        payload: { name: 'Pat', note: 'x\u0000y' },
        path: 'body.note',
      },
      { method: 'GET', url: `${practice}/audit?action=a%00b`, payload: undefined, path: 'query.action' },
    ] as const;
    for (const c of cases) {
      const res = await world.app.inject({ method: c.method, url: c.url, headers: as(admin), payload: c.payload });
      expect(res.statusCode, `${c.method} ${c.url}: ${res.body}`).toBe(400);
      expect(res.json().error.details).toEqual([
        { path: c.path, message: 'must not contain a NUL character (\\u0000)' },
      ]);
    }
    const [row] = await db().query<{ name: string }>('select name from practices where id = $1', [world.practices.a]);
    expect(row?.name).not.toContain('\u0000');
  });

  it("keeps a failing statement's parameters out of the log", async () => {
    const secret = 'Patient Zero 1937-05-04';
    const { app, logs } = await buildTestServer(db());
    app.get('/api/v1/boom', { config: { access: { kind: 'public' } } }, async () =>
      // Division by zero: an error no mapping turns into a 4xx, raised by a statement with a parameter.
      db().db.execute(sql`select length(${secret}) / 0 as x`),
    );
    const res = await app.inject({ method: 'GET', url: '/api/v1/boom' });
    expect(res.statusCode).toBe(500);
    expect(logs.text).toContain('"code":"22012"');
    expect(logs.text).toContain('select length($1) / 0 as x');
    expect(logs.text).not.toContain(secret);
    await app.close();
  });

  it('describes a driver error by its SQLSTATE and names, never its message or detail', async () => {
    const err = await db()
      .db.execute(sql`select ${'not a number: 555-0100'}::int as x`)
      .catch((e: unknown) => e);
    const logged = JSON.stringify(loggableError(err));
    expect(logged).toContain('22P02');
    expect(logged).not.toContain('555-0100');
  });

  it('redacts one-time tokens from the URLs in the request log', async () => {
    await world.app.inject({ method: 'GET', url: '/api/v1/setup?token=s3cr3t-one-time-link' });
    await world.app.inject({ method: 'GET', url: '/set-password?token=an0ther-s3cret&next=home' });
    expect(world.logs.text).not.toContain('s3cr3t-one-time-link');
    expect(world.logs.text).not.toContain('an0ther-s3cret');
    expect(world.logs.text).toContain('/api/v1/setup?token=[redacted]');
    expect(world.logs.text).toContain('/set-password?token=[redacted]&next=home');
  });
});
