import { beforeAll, expect, it } from 'vitest';
import { permissionsOf } from '../../src/core/permissions/permissions.ts';
import { sessionViewSchema } from '../../src/core/identity/schema.ts';
import { totpCode } from '../../src/core/identity/totp.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, worldPassword, type World } from '../support/world.ts';

describeEachEngine('sign-in, MFA and sessions', (db) => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld(db());
  });

  const signIn = (email: string, password: string) =>
    world.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });

  it('signs in a user without MFA and lists their practices', async () => {
    const session = await signInAs(world, world.users.practiceAdmin);
    const res = await world.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: as(session) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('signed_in');
    expect(body.memberships).toEqual([
      {
        practiceId: world.practices.a,
        practiceName: 'Alder Family Medicine',
        role: 'practice_admin',
        permissions: permissionsOf('practice_admin'),
      },
    ]);
    expect(sessionViewSchema.parse(body)).toEqual(body);
    const cookie = (await signIn(world.users.practiceAdmin.email, worldPassword)).headers['set-cookie'];
    expect(String(cookie)).toMatch(/HttpOnly/);
    expect(String(cookie)).toMatch(/SameSite=Strict/);
  });

  it("gives each membership its role's permissions, for the web app to hide what a role cannot do", async () => {
    const auditor = (
      await world.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: as(await signInAs(world, world.users.auditor)),
      })
    ).json();
    expect(auditor.memberships[0].permissions).toEqual([
      'practice.read',
      'users.read',
      'audit.read',
      'assessments.read',
      'matrix.read',
      'monitoring.read',
      'devices.read',
    ]);
    const admin = (
      await world.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: as(await signInAs(world, world.users.mspAdmin)),
      })
    ).json();
    expect(admin.memberships.map((m: { practiceName: string }) => m.practiceName)).toEqual([
      'Alder Family Medicine',
      'Birch Pediatrics',
    ]);
    for (const m of admin.memberships) {
      expect(m.permissions).toEqual(permissionsOf('msp_admin'));
      expect(m.permissions).toEqual(expect.arrayContaining(['assessments.run', 'audit.read', 'users.manage']));
    }
    const staff = (
      await world.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: as(await signInAs(world, world.users.staff)),
      })
    ).json();
    expect(staff.memberships[0].permissions).not.toContain('assessments.read');
  });

  it('gives the same answer for an unknown account and a wrong password', async () => {
    const unknown = await signIn('nobody@nowhere.example', worldPassword);
    const wrong = await signIn(world.users.staff.email, 'not the password at all');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
  });

  it('needs a TOTP code after the password, rotates the session token, and refuses a replayed code', async () => {
    const user = world.users.technician;
    world.clock.advance(31_000);
    const first = await signIn(user.email, worldPassword);
    expect(first.json().status).toBe('mfa_required');
    expect(first.json().memberships).toEqual([]);
    const pending = /tandem_session=([^;]+)/.exec(String(first.headers['set-cookie']))?.[1];
    const headers = { cookie: `tandem_session=${pending}`, 'x-csrf-token': first.json().csrfToken };
    const blocked = await world.app.inject({ method: 'GET', url: `/api/v1/practices/${world.practices.a}`, headers });
    expect(blocked.statusCode).toBe(401);

    const wrong = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/verify',
      headers,
      payload: { code: '000000' },
    });
    expect(wrong.statusCode).toBe(401);
    const code = await totpCode(user.totpSecret!, world.clock.now());
    const ok = await world.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', headers, payload: { code } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('signed_in');
    const fresh = /tandem_session=([^;]+)/.exec(String(ok.headers['set-cookie']))?.[1];
    expect(fresh).not.toBe(pending);
    expect((await world.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers })).statusCode).toBe(401);

    // Same code again on a new password session, within the same 30 s step: refused.
    const again = await signIn(user.email, worldPassword);
    const againHeaders = {
      cookie: `tandem_session=${/tandem_session=([^;]+)/.exec(String(again.headers['set-cookie']))?.[1]}`,
      'x-csrf-token': again.json().csrfToken,
    };
    const replay = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/verify',
      headers: againHeaders,
      payload: { code },
    });
    expect(replay.statusCode).toBe(401);

    // The clock set back ten minutes (an NTP correction): the code of that earlier time is older
    // than the step already used, so it is refused, not a server error; a fresh step later works.
    world.clock.advance(-600_000);
    const back = await signIn(user.email, worldPassword);
    const backHeaders = {
      cookie: `tandem_session=${/tandem_session=([^;]+)/.exec(String(back.headers['set-cookie']))?.[1]}`,
      'x-csrf-token': back.json().csrfToken,
    };
    const earlier = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/verify',
      headers: backHeaders,
      payload: { code: await totpCode(user.totpSecret!, world.clock.now()) },
    });
    expect(earlier.statusCode, earlier.body).toBe(401);
    world.clock.advance(631_000);
  });

  it('throttles 50 wrong passwords, and lets the owner in with password and TOTP after the window', async () => {
    const user = world.users.internalIt;
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      statuses.push((await signIn(user.email, `wrong guess number ${i}`)).statusCode);
      world.clock.advance(100);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(40);
    expect(statuses).not.toContain(200);
    const whileBlocked = await signIn(user.email, worldPassword);
    expect(whileBlocked.statusCode).toBe(429);
    expect(Number(whileBlocked.headers['retry-after'])).toBeGreaterThan(0);

    world.clock.advance(16 * 60_000);
    const session = await signInAs(world, user);
    const res = await world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${world.practices.a}`,
      headers: as(session),
    });
    expect(res.statusCode).toBe(200);
  });

  it('ends a session after 15 idle minutes, and after 12 hours however active', async () => {
    const session = await signInAs(world, world.users.staff);
    world.clock.advance(14 * 60_000);
    expect(
      (await world.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: as(session) })).statusCode,
    ).toBe(200);
    world.clock.advance(15 * 60_000 + 1000);
    expect(
      (await world.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: as(session) })).statusCode,
    ).toBe(401);

    const busy = await signInAs(world, world.users.staff);
    for (let hour = 0; hour < 12 * 6; hour++) {
      world.clock.advance(10 * 60_000);
      const res = await world.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: as(busy) });
      if (res.statusCode !== 200) {
        expect(hour).toBeGreaterThanOrEqual(12 * 6 - 2);
        return;
      }
    }
    throw new Error('session outlived its absolute timeout');
  });

  it('signs out one session and then every session', async () => {
    const one = await signInAs(world, world.users.auditor);
    const two = await signInAs(world, world.users.auditor);
    const list = await world.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: as(one) });
    expect(list.json().sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(
      (await world.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: as(one) })).statusCode,
    ).toBe(200);
    expect((await world.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: as(one) })).statusCode).toBe(
      401,
    );
    expect((await world.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: as(two) })).statusCode).toBe(
      200,
    );
    const three = await signInAs(world, world.users.auditor);
    const everywhere = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out-everywhere',
      headers: as(three),
    });
    expect(everywhere.json().ended).toBeGreaterThanOrEqual(2);
    expect((await world.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: as(two) })).statusCode).toBe(
      401,
    );
  });

  it('refuses a cookie-authenticated change without the CSRF header', async () => {
    const session = await signInAs(world, world.users.practiceAdmin);
    const res = await world.app.inject({
      method: 'PATCH',
      url: `/api/v1/practices/${world.practices.a}`,
      headers: { cookie: session.cookie },
      payload: { name: 'Renamed' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/X-CSRF-Token/);
  });

  it('makes an IT role enrol MFA before anything else, then hands out recovery codes that work once', async () => {
    const admin = await signInAs(world, world.users.mspAdmin);
    const added = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.a}/members`,
      headers: as(admin),
      payload: { email: 'newtech@harbor.example', displayName: 'New Tech', role: 'msp_technician' },
    });
    expect(added.statusCode).toBe(201);
    const token = new URL(added.json().invitationLink).searchParams.get('token');
    const accept = (password: string) =>
      world.app.inject({ method: 'POST', url: '/api/v1/invitations/create-account', payload: { token, password } });
    const weak = await accept('password1234');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details[0]).toEqual({
      path: 'body.password',
      message: 'is a commonly used password; choose another',
    });
    const strong = 'a long passphrase for tandem';
    expect((await accept(strong)).statusCode).toBe(200);
    expect((await accept(strong)).statusCode).toBe(404);

    const first = await signIn('newtech@harbor.example', strong);
    expect(first.json().status).toBe('mfa_enrolment_required');
    const headers = {
      cookie: `tandem_session=${/tandem_session=([^;]+)/.exec(String(first.headers['set-cookie']))?.[1]}`,
      'x-csrf-token': first.json().csrfToken,
    };
    const start = await world.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enrolment', headers });
    expect(start.statusCode).toBe(200);
    expect(start.json().qrSvg).toMatch(/^<svg/);
    expect(start.json().uri).toMatch(/^otpauth:\/\/totp\/Tandem:newtech%40harbor\.example\?/);
    const code = await totpCode(start.json().secret, world.clock.now());
    const confirm = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/enrolment/confirm',
      headers,
      payload: { code },
    });
    expect(confirm.statusCode).toBe(200);
    const codes: string[] = confirm.json().recoveryCodes;
    expect(codes).toHaveLength(10);
    const full = `tandem_session=${/tandem_session=([^;]+)/.exec(String(confirm.headers['set-cookie']))?.[1]}`;
    expect(
      (
        await world.app.inject({
          method: 'GET',
          url: `/api/v1/practices/${world.practices.a}`,
          headers: { cookie: full },
        })
      ).statusCode,
    ).toBe(200);

    // A recovery code signs in once.
    world.clock.advance(31_000);
    const viaRecovery = async () => {
      const pw = await signIn('newtech@harbor.example', strong);
      const h = {
        cookie: `tandem_session=${/tandem_session=([^;]+)/.exec(String(pw.headers['set-cookie']))?.[1]}`,
        'x-csrf-token': pw.json().csrfToken,
      };
      return world.app.inject({
        method: 'POST',
        url: '/api/v1/auth/mfa/verify',
        headers: h,
        payload: { recoveryCode: codes[0] },
      });
    };
    expect((await viaRecovery()).statusCode).toBe(200);
    expect((await viaRecovery()).statusCode).toBe(401);
  });

  it('throttles guesses at the code that confirms a new authenticator', async () => {
    const user = world.users.internalIt;
    const session = await signInAs(world, user);
    const started = await world.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enrolment', headers: as(session) });
    const secret: string = started.json().secret;
    const right = await totpCode(secret, world.clock.now());
    const wrong = right === '000000' ? '111111' : '000000';
    // From an address of its own: the IP's shared counter must not eat into the other tests' attempts.
    const confirm = (code: string) =>
      world.app.inject({
        method: 'POST',
        url: '/api/v1/auth/mfa/enrolment/confirm',
        headers: as(session),
        payload: { code },
        remoteAddress: '192.0.2.77',
      });
    // Five free attempts (throttle.ts), then a block of 1 s that doubles: the sixth is refused unchecked.
    for (let i = 0; i < 5; i += 1) expect((await confirm(wrong)).statusCode).toBe(400);
    const blocked = await confirm(right);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('1');
    world.clock.advance(1_000);
    const after = await confirm(await totpCode(secret, world.clock.now()));
    expect(after.statusCode).toBe(200);
    user.totpSecret = secret;
  });

  it('keeps the old authenticator through an abandoned re-enrolment, and switches only when the new one is confirmed', async () => {
    const user = world.users.technician;
    const oldSecret = user.totpSecret!;
    const secondFactor = async (code: string) => {
      world.clock.advance(31_000);
      const pw = await signIn(user.email, worldPassword);
      expect(pw.json().status).toBe('mfa_required');
      const h = {
        cookie: `tandem_session=${/tandem_session=([^;]+)/.exec(String(pw.headers['set-cookie']))?.[1]}`,
        'x-csrf-token': pw.json().csrfToken,
      };
      return world.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', headers: h, payload: { code } });
    };
    const codeAfterNextSignIn = (secret: string) => totpCode(secret, new Date(world.clock.now().getTime() + 31_000));

    // Starts replacing the authenticator, then walks away.
    const session = await signInAs(world, user);
    const abandoned = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/enrolment',
      headers: as(session),
    });
    expect(abandoned.statusCode).toBe(200);
    const abandonedSecret: string = abandoned.json().secret;
    expect(abandonedSecret).not.toBe(oldSecret);

    // The old app still signs in; the abandoned one does not.
    expect((await secondFactor(await codeAfterNextSignIn(abandonedSecret))).statusCode).toBe(401);
    expect((await secondFactor(await codeAfterNextSignIn(oldSecret))).statusCode).toBe(200);
    const meanwhile = await signInAs(world, user);
    expect(
      (await world.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: as(meanwhile) })).json().user
        .mfaEnabled,
    ).toBe(true);

    // Starting again replaces the pending secret: the abandoned one can no longer be confirmed.
    const started = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/enrolment',
      headers: as(meanwhile),
    });
    const newSecret: string = started.json().secret;
    const confirm = (code: string) =>
      world.app.inject({
        method: 'POST',
        url: '/api/v1/auth/mfa/enrolment/confirm',
        headers: as(meanwhile),
        payload: { code },
      });
    const stale = await confirm(await totpCode(abandonedSecret, world.clock.now()));
    expect(stale.statusCode).toBe(400);
    expect(stale.json().error.details).toEqual([{ path: 'body.code', message: 'does not match' }]);
    const confirmed = await confirm(await totpCode(newSecret, world.clock.now()));
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().recoveryCodes).toHaveLength(10);
    expect((await confirm(await totpCode(newSecret, world.clock.now()))).statusCode).toBe(409);

    // Now the new app signs in and the old one does not.
    expect((await secondFactor(await codeAfterNextSignIn(oldSecret))).statusCode).toBe(401);
    expect((await secondFactor(await codeAfterNextSignIn(newSecret))).statusCode).toBe(200);
    user.totpSecret = newSecret;
    await signInAs(world, user);

    const stored = await db().query<{ mfa_secret: string; mfa_pending_secret: string | null }>(
      'select mfa_secret, mfa_pending_secret from users where id = $1',
      [user.id],
    );
    expect(stored[0]?.mfa_secret).toMatch(/^enc:v1:/);
    expect(stored[0]?.mfa_pending_secret).toBeNull();
    const audited = await db().query<{ action: string }>(
      `select action from audit_log where actor_id = $1 and action in ('auth.mfa.enrolled', 'auth.mfa.replaced')`,
      [user.id],
    );
    expect(audited.map((r) => r.action)).toEqual(['auth.mfa.replaced']);
  });
});
