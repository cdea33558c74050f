/**
 * Walks every API route in the route table as a signed-in practice administrator, with hostile
 * input: path ids that are not ids, bodies of the wrong JSON type, wrong types in every common
 * field, oversized and unstorable strings, prototype keys, deep nesting and odd query strings.
 * No answer may be a 500, and every failing answer must be the one error shape. New routes are
 * covered without touching this file.
 */
import { beforeAll, expect, it } from 'vitest';
import { routeTable } from '../../src/server/fallback.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

/** A well-formed id that names nothing. */
const unknownId = '00000000-0000-4000-8000-000000000000';

/** Values for path parameters: none of them names anything. */
const badIds = [
  'not-a-uuid',
  '%E0%A4%A',
  '00000000-0000-4000-8000-00000000000g',
  `${'9'.repeat(300)}`,
  '%00',
  '..%2F..%2Fetc',
];

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Field names the API's bodies use, each given a value of the wrong type. */
const wrongTypes = Object.fromEntries(
  [
    'name',
    'email',
    'password',
    'role',
    'displayName',
    'specialty',
    'timeZone',
    'permissions',
    'matrix',
    'source',
    'revision',
    'profile',
    'code',
    'token',
    'phone',
    'note',
    'iterations',
    'seed',
  ].map((field, i) => [field, [[], {}, 12.5, true, null, -1][i % 6]]),
);

const bodies: unknown[] = [
  null,
  [],
  'a string',
  12,
  {},
  wrongTypes,
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
  { name: 'x'.repeat(200_000), email: `${'a'.repeat(500)}@example.com`, note: '\u0000\uD800 nul and lone surrogate' },
  nested(2_000),
];

const queries = ['?limit=-1&offset=abc', '?limit=1&limit=2', '?format[]=csv&at=yesterday', `?q=${'%F0%9F'.repeat(50)}`];

describeEachEngine('hostile input on every route', (db) => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld(db());
  });

  let session: SignedIn | undefined;
  /**
   * The administrator's session, signed in again only when a hostile request ended it (signing
   * out, say): each sign-in verifies the password with argon2id (64 MiB, three passes), which at
   * one per route was most of this test's CPU time.
   */
  async function liveSession(): Promise<SignedIn> {
    if (session) {
      const res = await world.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: as(session) });
      if (res.statusCode === 200) return session;
    }
    session = await signInAs(world, world.users.practiceAdmin);
    return session;
  }

  /**
   * One hostile thing at a time against a request that is otherwise well formed (the practice's
   * own id, well-formed ids for anything else, an empty object body), so each one reaches the
   * route's own validation and handler instead of stopping at the first thing wrong. Every bad id,
   * query and body on every route: some twenty requests a route, hundreds of routes.
   */
  it('never answers 500, and every failure has the error shape', { timeout: 180_000 }, async () => {
    // Event streams stay open while the caller may read them, so an inject() of one never ends;
    // monitoring-overview.test.ts reads them over HTTP, with bad callers and sign-out.
    const routes = routeTable(world.app).filter(
      (r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && !r.url.endsWith('/events'),
    );
    expect(routes.length).toBeGreaterThan(20);
    const problems: string[] = [];
    let sent = 0;
    for (const route of routes) {
      // A session that works at the start of each route: a hostile request may legitimately sign
      // out or revoke it.
      const headers = as(await liveSession());
      const fill = (id: string | undefined) =>
        route.url.replace(
          /:(\w+)/g,
          (_, name: string) => id ?? (name === 'practiceId' ? world.practices.a : unknownId),
        );
      const withBody = route.method !== 'GET' && route.method !== 'DELETE';
      const wellFormed = { url: fill(undefined), query: '', body: withBody ? {} : undefined };
      const cases = [
        wellFormed,
        ...(route.url.includes(':') ? badIds.map((id) => ({ ...wellFormed, url: fill(id) })) : []),
        ...queries.map((query) => ({ ...wellFormed, query })),
        ...(withBody ? bodies.map((body) => ({ ...wellFormed, body })) : []),
      ];
      for (const { url, query, body } of cases) {
        const res = await world.app.inject({
          method: route.method as 'GET',
          url: `${url}${query}`,
          headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
        });
        sent++;
        const where = `${route.method} ${url}${query} ${JSON.stringify(body)?.slice(0, 60)}`;
        if (res.statusCode >= 500) problems.push(`${where} -> ${res.statusCode} ${res.body.slice(0, 200)}`);
        else if (res.statusCode >= 400 && !hasErrorShape(res.body)) problems.push(`${where}: not the error shape`);
      }
    }
    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThan(routes.length * 10);
  });
});

function hasErrorShape(body: string): boolean {
  try {
    const { error } = JSON.parse(body) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    return typeof error?.code === 'string' && typeof error.message === 'string' && Array.isArray(error.details);
  } catch {
    return false;
  }
}
