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
import { as, buildWorld, signInAs, type World } from '../support/world.ts';

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

  // Thousands of requests, growing with the route table: far beyond the default 30 s on a busy machine.
  it('never answers 500, and every failure has the error shape', { timeout: 180_000 }, async () => {
    const routes = routeTable(world.app).filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(20);
    const problems: string[] = [];
    let sent = 0;
    for (const route of routes) {
      // A fresh session per route: a hostile request may legitimately sign out or revoke it.
      const headers = as(await signInAs(world, world.users.practiceAdmin));
      const fill = (id: string) =>
        route.url.replace(/:(\w+)/g, (_, name: string) =>
          name === 'practiceId' && id === '' ? world.practices.a : id,
        );
      const urls = route.url.includes(':') ? ['', ...badIds].map(fill) : [route.url];
      const withBody = route.method !== 'GET' && route.method !== 'DELETE';
      for (const url of urls) {
        for (const query of ['', ...queries]) {
          for (const body of withBody ? bodies : [undefined]) {
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
      }
    }
    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThan(1_000);
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
