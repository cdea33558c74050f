/**
 * The sign-in throttle under concurrent attempts, through a listening server: every attempt is
 * counted before it is checked, so a burst gets no more checks than the policy allows
 * (docs/security.md, "Sign-in"). Checks are counted in the audit log, which records every
 * password and code that was actually checked, never by timing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { totpCode } from '../../src/core/identity/totp.ts';
import { describeEachEngine } from '../support/databases.ts';
import { request, sessionCookieOf, type HttpReply } from '../support/http-client.ts';
import { buildWorld, worldPassword, type World, type WorldUser } from '../support/world.ts';

describeEachEngine('sign-in throttle under concurrency', (db) => {
  let world: World;
  let base: string;
  beforeAll(async () => {
    world = await buildWorld(db());
    base = await world.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await world.app.close();
  });

  const signIn = (email: string, password: string, from: string) =>
    request(base, 'POST', '/api/v1/auth/sign-in', { from, body: { email, password } });

  const verify = (pending: HttpReply, code: string, from: string) =>
    request(base, 'POST', '/api/v1/auth/mfa/verify', {
      from,
      headers: { cookie: sessionCookieOf(pending), 'x-csrf-token': pending.json().csrfToken },
      body: { code },
    });

  /** Audit entries of the given actions from one source: one per password or code checked. */
  async function checked(actions: string[], ip: string): Promise<number> {
    const rows = await db().query<{ n: number }>(
      'select count(*)::int as n from audit_log where action = any($1) and ip = $2',
      [actions, ip],
    );
    return rows[0]?.n ?? 0;
  }
  const passwordChecks = ['auth.sign_in.failed', 'auth.sign_in.succeeded', 'auth.sign_in.password_accepted'];

  /** A six-digit code that is not the user's right code at any accepted step. */
  async function wrongCode(user: WorldUser): Promise<string> {
    const now = world.clock.now().getTime();
    const right = await Promise.all([-30_000, 0, 30_000].map((d) => totpCode(user.totpSecret!, new Date(now + d))));
    return ['000000', '000001', '000002', '000003'].find((c) => !right.includes(c))!;
  }

  it('checks at most 5 of 200 concurrent passwords for one account from one source', async () => {
    const from = '127.0.0.2';
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => signIn(world.users.staff.email, `wrong guess number ${i}`, from)),
    );
    const statuses = replies.map((r) => r.status);
    const n = await checked(passwordChecks, from);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 401)).toHaveLength(n);
    expect(statuses.filter((s) => s === 429)).toHaveLength(200 - n);
    // The right password now waits too: it is not checked while the block lasts.
    expect((await signIn(world.users.staff.email, worldPassword, from)).status).toBe(429);
  });

  it('checks at most 20 concurrent passwords for one account from many sources', async () => {
    const sources = Array.from({ length: 60 }, (_, i) => `127.0.1.${i + 1}`);
    const replies = await Promise.all(sources.map((from, i) => signIn(world.users.auditor.email, `wrong guess ${i}`, from)));
    const rows = await db().query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'auth.sign_in.failed' and actor_label = $1`,
      [world.users.auditor.email],
    );
    const n = rows[0]?.n ?? 0;
    expect(n).toBeLessThanOrEqual(20);
    expect(replies.filter((r) => r.status === 429)).toHaveLength(60 - n);
  });

  it('checks at most 20 concurrent passwords from one source spraying many accounts', async () => {
    const from = '127.0.0.3';
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => signIn(`sprayed${i}@nowhere.example`, 'a password guess', from)),
    );
    const n = await checked(passwordChecks, from);
    expect(n).toBeLessThanOrEqual(20);
    expect(replies.filter((r) => r.status === 429)).toHaveLength(100 - n);
  });

  it('checks at most 5 of 300 concurrent wrong codes, and the password step does not clear that count', async () => {
    const from = '127.0.0.4';
    const user = world.users.internalIt;
    world.clock.advance(31_000);
    const pending = await signIn(user.email, worldPassword, from);
    expect(pending.json().status).toBe('mfa_required');
    const code = await wrongCode(user);
    const replies = await Promise.all(Array.from({ length: 300 }, () => verify(pending, code, from)));
    const n = await checked(['auth.mfa.failed'], from);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(5);
    expect(replies.filter((r) => r.status === 429)).toHaveLength(300 - n);

    // A correct password again: the second factor is still blocked, even with the right code.
    const again = await signIn(user.email, worldPassword, from);
    expect(again.status).toBe(200);
    expect((await verify(again, await totpCode(user.totpSecret!, world.clock.now()), from)).status).toBe(429);
    // Blocks expire: after the backoff the right code signs in.
    world.clock.advance(16 * 60_000);
    const later = await signIn(user.email, worldPassword, from);
    expect((await verify(later, await totpCode(user.totpSecret!, world.clock.now()), from)).status).toBe(200);
  });

  it('accepts one TOTP code once when five sessions send it at the same moment', async () => {
    const from = '127.0.0.5';
    const user = world.users.technician;
    world.clock.advance(31_000);
    const sessions: HttpReply[] = [];
    for (let i = 0; i < 5; i++) {
      const pending = await signIn(user.email, worldPassword, from);
      expect(pending.json().status).toBe('mfa_required');
      sessions.push(pending);
    }
    const code = await totpCode(user.totpSecret!, world.clock.now());
    const replies = await Promise.all(sessions.map((s) => verify(s, code, from)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401]);
  });
});
