/**
 * Default-deny route access (src/server/caller/access.ts): every route declares who may call it,
 * and an anonymous caller gets 401 in the error shape from every route that is not public,
 * whatever it sends: bad ids, no body, a malformed body or a body of the wrong type. The check
 * runs before validation, so nothing about a route's parameters leaks before sign-in.
 */
import Fastify from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { installAccessControl } from '../../src/server/caller/access.ts';
import { routeTable } from '../../src/server/fallback.ts';
import type { ServerDeps } from '../../src/server/deps.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildTestServer } from '../support/server.ts';
import type { FastifyInstance } from 'fastify';

/** The routes anyone may call, by design. A route added here needs a reason in docs/security.md. */
const publicRoutes = [
  'GET /healthz',
  'GET /readyz',
  'GET /api/v1/status',
  'GET /api/v1/openapi.json',
  'GET /api/docs',
  'GET /api/docs/scalar.js',
  'GET /api/docs/init.js',
  'GET /api/v1/setup',
  'POST /api/v1/setup',
  'POST /api/v1/auth/sign-in',
  'POST /api/v1/auth/set-password',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/password-reset/complete',
  'POST /api/v1/invitations/preview',
  'POST /api/v1/invitations/create-account',
  'GET /api/v1/monitor/push/:token',
  'POST /api/v1/monitor/push/:token',
  'GET /api/v1/status-pages/:slug',
  'POST /api/v1/monitor/agent/:token',
  'POST /api/v1/backup-reports/:token',
  'GET /api/v1/intake-forms/:formId',
  'POST /api/v1/intake-forms/:formId/requests',
  'GET /api/v1/follow',
  'POST /api/v1/follow/replies',
];

const probes: { label: string; path: (url: string) => string; body?: string; contentType?: string }[] = [
  { label: 'zero ids', path: (url) => url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000') },
  { label: 'bad ids', path: (url) => url.replace(/:[A-Za-z]+/g, 'not-an-id') },
  {
    label: 'malformed body',
    path: (url) => url.replace(/:[A-Za-z]+/g, 'x'),
    body: '{"a":',
    contentType: 'application/json',
  },
  {
    label: 'wrong body type',
    path: (url) => `${url.replace(/:[A-Za-z]+/g, 'x')}?limit=-1&at=never`,
    body: '[1,2]',
    contentType: 'application/json',
  },
];

describeEachEngine('route access', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    // With a metrics token set, so /metrics is on and answers 401 like every other guarded route.
    app = (await buildTestServer(db(), { config: { metricsToken: 'route-access-metrics-token-0123456789' } })).app;
  });

  it('has a declared access on every route, public only where listed', () => {
    const api = routeTable(app).filter((r) => r.method !== 'HEAD');
    const undeclared = api.filter((r) => r.url.startsWith('/api/') && !r.access).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
    const declaredPublic = api.filter((r) => r.access?.kind === 'public').map((r) => `${r.method} ${r.url}`);
    expect(declaredPublic.sort()).toEqual([...publicRoutes].sort());
  });

  it('answers 401 in the error shape to an anonymous call of every other route, whatever it sends', async () => {
    const guarded = routeTable(app).filter((r) => r.access && r.access.kind !== 'public' && r.method !== 'HEAD');
    expect(guarded.length).toBeGreaterThan(30);
    const wrong: string[] = [];
    for (const route of guarded) {
      for (const probe of probes) {
        const res = await app.inject({
          method: route.method as 'GET',
          url: probe.path(route.url),
          ...(probe.body !== undefined && route.method !== 'GET'
            ? { payload: probe.body, headers: { 'content-type': probe.contentType! } }
            : {}),
        });
        const body = res.json() as { error?: { code?: string; requestId?: string; details?: unknown[] } };
        if (
          res.statusCode !== 401 ||
          body.error?.code !== 'unauthenticated' ||
          !body.error.requestId ||
          (body.error.details ?? []).length > 0
        )
          wrong.push(`${route.method} ${route.url} (${probe.label}): ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('says only that Tandem is up to an anonymous caller of the status route', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/status' });
    expect(res.json()).toEqual({ name: 'Tandem', status: 'up' });
  });
});

describe('a route without an access declaration', () => {
  it('cannot be registered under /api', async () => {
    const app = Fastify();
    installAccessControl(app, {} as ServerDeps);
    expect(() => app.get('/api/v1/forgotten', async () => ({ secret: true }))).toThrow(
      'GET /api/v1/forgotten declares no access (config.access)',
    );
  });

  it('is refused at request time anywhere else', async () => {
    const app = Fastify();
    installAccessControl(app, {} as ServerDeps);
    app.get('/internal', async () => ({ secret: true }));
    const res = await app.inject({ method: 'GET', url: '/internal' });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('secret');
  });
});
