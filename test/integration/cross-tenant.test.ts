/**
 * Walks every API route in the route table as the administrator of practice C, aimed at
 * practice A's ids, and as an API token of practice C. Every answer must be 401, 403, 404 or 405,
 * and no answer may carry practice A's data. New routes are covered without touching this file.
 */
import { beforeAll, expect, it } from 'vitest';
import { routeTable } from '../../src/server/fallback.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, type World } from '../support/world.ts';

describeEachEngine('cross-tenant probe', (db) => {
  let world: World;
  let ids: Record<string, string>;
  const secrets = ['Alder Family Medicine', 'manager@alder.example', 'frontdesk@alder.example', 'tech@harbor.example'];

  beforeAll(async () => {
    world = await buildWorld(db());
    const admin = await signInAs(world, world.users.practiceAdmin);
    const token = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.a}/api-tokens`,
      headers: as(admin),
      payload: { name: 'A agent', permissions: ['practice.read'] },
    });
    const staff = await signInAs(world, world.users.staff);
    const staffSessions = await world.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: as(staff) });
    ids = {
      practiceId: world.practices.a,
      userId: world.users.staff.id,
      tokenId: token.json().apiToken.id,
      sessionId: staffSessions.json().sessions[0].id,
    };
  });

  function fill(url: string): string {
    return url.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? '00000000-0000-4000-8000-000000000000');
  }

  async function probe(headers: Record<string, string>) {
    const routes = routeTable(world.app).filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.url.includes(':'));
    expect(routes.length).toBeGreaterThan(5);
    const leaks: string[] = [];
    for (const route of routes) {
      const res = await world.app.inject({
        method: route.method as 'GET',
        url: fill(route.url),
        headers,
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
      });
      const allowed = [400, 401, 403, 404, 405];
      if (!allowed.includes(res.statusCode)) leaks.push(`${route.method} ${route.url} -> ${res.statusCode}`);
      for (const secret of secrets) if (res.body.includes(secret)) leaks.push(`${route.method} ${route.url} leaked ${secret}`);
    }
    return leaks;
  }

  it('leaks nothing to another practice\'s administrator', async () => {
    const intruder = await signInAs(world, world.users.otherAdmin);
    expect(await probe(as(intruder))).toEqual([]);
  });

  it('leaks nothing to another practice\'s API token', async () => {
    const owner = await signInAs(world, world.users.otherAdmin);
    const created = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.c}/api-tokens`,
      headers: as(owner),
      payload: { name: 'C agent', permissions: ['practice.read', 'users.read', 'audit.read', 'tokens.manage', 'users.manage'] },
    });
    expect(created.statusCode).toBe(201);
    expect(await probe({ authorization: `Bearer ${created.json().token}` })).toEqual([]);
  });

  it('leaks nothing to nobody', async () => {
    expect(await probe({})).toEqual([]);
  });
});
