/**
 * The headers every reply carries (src/server/security-headers.ts): a Content-Security-Policy,
 * no framing, nosniff, no referrer, HSTS only over TLS, and no-store on API replies, practice data
 * and exports included. That the web app runs under the policy is checked in Chromium
 * (test/support/e2e.ts collects violations; the identity flow asserts there are none).
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/databases.ts';
import { buildTestServer } from '../support/server.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('security headers', (db) => {
  let world: World;
  let admin: SignedIn;

  beforeAll(async () => {
    world = await buildWorld(db());
    admin = await signInAs(world, world.users.practiceAdmin);
  });

  it('sends the browser protections on API replies and pages alike', async () => {
    for (const url of [`/api/v1/practices/${world.practices.a}`, '/sign-in', '/api/v1/nothing-here']) {
      const res = await world.app.inject({ method: 'GET', url, headers: { ...as(admin), accept: 'text/html' } });
      const csp = res.headers['content-security-policy'];
      expect(csp, url).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('tells browsers and proxies not to keep practice data or exports', async () => {
    const practice = `/api/v1/practices/${world.practices.a}`;
    for (const url of [practice, `${practice}/audit`, `${practice}/audit.csv`, `${practice}/members`]) {
      const res = await world.app.inject({ method: 'GET', url, headers: as(admin) });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const failed = await world.app.inject({ method: 'GET', url: practice });
    expect(failed.headers['cache-control']).toBe('no-store');
  });

  it('asks for HTTPS from then on only when the request came over TLS', async () => {
    const { app } = await buildTestServer(db(), { config: { trustProxy: ['loopback', '127.0.0.1'] } });
    const res = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    await app.close();
  });
});
