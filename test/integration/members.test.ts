/**
 * Joining and leaving practices, over HTTP on both engines: invitations that only the invited
 * person can accept, replies that say nothing about an existing account, audit views held to
 * their own practice, and access that ends with the membership (sessions, API tokens), plus
 * changing, resetting and disabling accounts.
 *
 * In the world, practice A (Alder) belongs to the MSP and practice C (Lakeside) to an unrelated
 * organisation: A's administrator is the attacker, C's administrator the victim organisation.
 */
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { auditPageSchema, type AuditEntry } from '../../src/core/audit/schema.ts';
import { invitationCreatedSchema } from '../../src/core/identity/schema.ts';
import { invitations } from '../../src/core/identity/tables.ts';
import { withTenant } from '../../src/core/tenancy/with-tenant.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, worldPassword, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('members: invitations, audit views and access that ends with membership', (db) => {
  let world: World;
  let adminA: SignedIn;
  let adminC: SignedIn;
  const attackerPassword = 'attacker chosen passphrase 42';
  const hirePassword = 'the real new hire chose this';

  beforeAll(async () => {
    world = await buildWorld(db());
  });
  // Fresh sessions for each test: the tests move the clock on (link expiry, TOTP steps).
  beforeEach(async () => {
    adminA = await signInAs(world, world.users.practiceAdmin);
    adminC = await signInAs(world, world.users.otherAdmin);
  });

  const inject = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    headers: Record<string, string> = {},
    payload?: object,
  ) => world.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function invite(
    admin: SignedIn,
    practiceId: string,
    email: string,
    role = 'practice_staff',
    displayName = 'New Hire',
  ) {
    const res = await inject('POST', `/api/v1/practices/${practiceId}/members`, as(admin), {
      email,
      displayName,
      role,
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = invitationCreatedSchema.parse(res.json());
    return {
      body,
      raw: res.json() as object,
      token: new URL(body.invitationLink ?? '').searchParams.get('token') ?? '',
    };
  }

  const createAccount = (token: string, password: string) =>
    inject('POST', '/api/v1/invitations/create-account', {}, { token, password });

  const signInWith = (email: string, password: string) =>
    inject('POST', '/api/v1/auth/sign-in', {}, { email, password });

  async function session(email: string, password: string): Promise<SignedIn> {
    const res = await signInWith(email, password);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('signed_in');
    const cookie = /tandem_session=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
    return { cookie: `tandem_session=${cookie}`, csrf: res.json().csrfToken };
  }

  const memberId = async (admin: SignedIn, practiceId: string, email: string) => {
    const { members } = (await inject('GET', `/api/v1/practices/${practiceId}/members`, as(admin))).json() as {
      members: { id: string; email: string }[];
    };
    return members.find((m) => m.email === email)?.id;
  };

  async function auditOf(admin: SignedIn, practiceId: string): Promise<AuditEntry[]> {
    const res = await inject('GET', `/api/v1/practices/${practiceId}/audit?limit=500`, as(admin));
    expect(res.statusCode).toBe(200);
    return auditPageSchema.parse(res.json()).entries;
  }

  it('item 1: a password chosen through one practice’s link never reaches another practice', async () => {
    const { practices } = world;
    // A's administrator invites B's future hire, opens the link and chooses the password, then removes the member.
    const a = await invite(adminA, practices.a, 'new.hire@b.example');
    expect((await createAccount(a.token, attackerPassword)).statusCode).toBe(200);
    const attacker = await session('new.hire@b.example', attackerPassword);
    const preRegistered = await memberId(adminA, practices.a, 'new.hire@b.example');
    expect(preRegistered).toBeDefined();
    expect(
      (await inject('DELETE', `/api/v1/practices/${practices.a}/members/${preRegistered}`, as(adminA))).statusCode,
    ).toBe(204);

    // C adds the same address: no membership until the person accepts, and C's data stays closed.
    const c = await invite(adminC, practices.c, 'new.hire@b.example');
    expect(await memberId(adminC, practices.c, 'new.hire@b.example')).toBeUndefined();
    expect((await inject('GET', `/api/v1/practices/${practices.c}/patient-contacts`, as(attacker))).statusCode).toBe(
      401,
    );
    const again = await session('new.hire@b.example', attackerPassword);
    expect((await inject('GET', `/api/v1/practices/${practices.c}/patient-contacts`, as(again))).statusCode).toBe(404);
    // Without C's link, the attacker cannot accept C's invitation, signed in or not.
    expect((await inject('POST', '/api/v1/invitations/accept', as(again), { token: a.token })).statusCode).toBe(404);

    // The real hire accepts C's invitation with a password of their own: the attacker's stops working.
    expect((await createAccount(c.token, hirePassword)).statusCode).toBe(200);
    expect((await signInWith('new.hire@b.example', attackerPassword)).statusCode).toBe(401);
    expect((await inject('GET', '/api/v1/auth/session', as(again))).statusCode).toBe(401);
    const hire = await session('new.hire@b.example', hirePassword);
    expect((await inject('GET', `/api/v1/practices/${practices.c}`, as(hire))).statusCode).toBe(200);
    expect((await inject('GET', `/api/v1/practices/${practices.a}`, as(hire))).statusCode).toBe(404);
    // Every link works once.
    expect((await createAccount(c.token, hirePassword)).statusCode).toBe(404);
    // Opening the link's page leaves no usable token in the logs.
    await inject('GET', `/invitation?token=${c.token}`);
    expect(world.logs.text).toContain('/invitation?token=[redacted]');
    expect(world.logs.text).not.toContain(c.token);
  });

  it('item 1: an account in use joins another practice only when its owner signs in and accepts', async () => {
    const { practices, users } = world;
    const { token } = await invite(adminC, practices.c, users.auditor.email, 'auditor');
    // The link alone cannot set the password of an existing account.
    const refused = await createAccount(token, 'someone else chose this one');
    expect(refused.statusCode).toBe(409);
    expect((await signInWith(users.auditor.email, 'someone else chose this one')).statusCode).toBe(401);
    // Another signed-in person cannot accept it for themselves.
    const staff = await signInAs(world, users.staff);
    expect((await inject('POST', '/api/v1/invitations/accept', as(staff), { token })).statusCode).toBe(403);
    // Nor can anyone who is not signed in.
    expect((await inject('POST', '/api/v1/invitations/accept', {}, { token })).statusCode).toBe(401);
    const auditor = await signInAs(world, users.auditor);
    const accepted = await inject('POST', '/api/v1/invitations/accept', as(auditor), { token });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(await memberId(adminC, practices.c, users.auditor.email)).toBe(users.auditor.id);
    const listed = (await inject('GET', `/api/v1/practices/${practices.c}/invitations`, as(adminC))).json().invitations;
    expect(listed.find((i: { email: string }) => i.email === users.auditor.email).status).toBe('accepted');
  });

  it('item 1: pending invitations are listed with their status and can be withdrawn', async () => {
    const { token, body } = await invite(adminA, world.practices.a, 'withdrawn@alder.example');
    const revoked = await inject(
      'DELETE',
      `/api/v1/practices/${world.practices.a}/invitations/${body.invitation.id}`,
      as(adminA),
    );
    expect(revoked.json().status).toBe('revoked');
    expect((await createAccount(token, hirePassword)).statusCode).toBe(404);
    expect((await inject('POST', '/api/v1/invitations/preview', {}, { token })).statusCode).toBe(404);

    const expiring = await invite(adminA, world.practices.a, 'late@alder.example');
    const preview = await inject('POST', '/api/v1/invitations/preview', {}, { token: expiring.token });
    expect(preview.json()).toMatchObject({
      practiceName: 'Alder Family Medicine',
      email: 'late@alder.example',
      role: 'practice_staff',
    });
    world.clock.advance(72 * 3_600_000 + 1000);
    expect((await createAccount(expiring.token, hirePassword)).statusCode).toBe(404);
    adminA = await signInAs(world, world.users.practiceAdmin);
    const listed = (await inject('GET', `/api/v1/practices/${world.practices.a}/invitations`, as(adminA))).json()
      .invitations;
    expect(listed.find((i: { email: string }) => i.email === 'late@alder.example').status).toBe('expired');
    // Row-level security holds invitations to their practice, whatever the query.
    const seenFromC = await withTenant(db().db, world.practices.c, (tx) => tx.select().from(invitations));
    expect(seenFromC.length).toBeGreaterThan(0);
    expect(seenFromC.filter((row) => row.practiceId !== world.practices.c)).toEqual([]);
  });

  it('item 2: inviting an existing account answers exactly like a new address, with only what was typed', async () => {
    const { practices, users } = world;
    const existing = await invite(adminC, practices.c, users.technician.email, 'practice_staff', 'Typed Name');
    const fresh = await invite(adminC, practices.c, 'never.seen@c.example', 'practice_staff', 'Typed Name');
    const shape = (value: unknown): unknown =>
      value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]))
        : typeof value;
    expect(shape(existing.raw)).toEqual(shape(fresh.raw));
    expect(existing.body.invitation).toMatchObject({
      email: users.technician.email,
      displayName: 'Typed Name',
      role: 'practice_staff',
      status: 'pending',
    });
    expect(Object.keys(existing.raw).sort()).toEqual(['invitation', 'invitationLink']);
    expect(Object.keys(existing.body.invitation).sort()).toEqual([
      'createdAt',
      'displayName',
      'email',
      'expiresAt',
      'id',
      'role',
      'status',
    ]);
    const listed = (await inject('GET', `/api/v1/practices/${practices.c}/invitations`, as(adminC))).json().invitations;
    const row = listed.find((i: { email: string }) => i.email === users.technician.email);
    expect(Object.keys(row).sort()).toEqual(['createdAt', 'displayName', 'email', 'expiresAt', 'id', 'role', 'status']);
  });

  it("item 2: a practice's audit view holds only entries recorded in that practice", async () => {
    const { practices, users } = world;
    // The auditor (a member of A) joined C in an earlier test; before that they signed in often.
    const inC = await auditOf(adminC, practices.c);
    expect(inC.length).toBeGreaterThan(0);
    expect(inC.filter((e) => e.practiceId !== practices.c)).toEqual([]);
    expect(inC.filter((e) => e.actorId === users.auditor.id && e.action.startsWith('auth.'))).toEqual([]);
    expect(inC.some((e) => e.ip !== null && e.action.startsWith('auth.'))).toBe(false);
    const inA = await auditOf(adminA, practices.a);
    expect(inA.filter((e) => e.practiceId !== practices.a)).toEqual([]);
    expect(inA.some((e) => e.action === 'membership.deleted')).toBe(true);
  });

  /** A second administrator of A with a session and an API token made by them. */
  async function secondAdmin(email: string) {
    const { token } = await invite(adminA, world.practices.a, email, 'practice_admin');
    expect((await createAccount(token, hirePassword)).statusCode).toBe(200);
    const own = await session(email, hirePassword);
    const created = await inject('POST', `/api/v1/practices/${world.practices.a}/api-tokens`, as(own), {
      name: `agent of ${email}`,
      permissions: ['practice.read'],
    });
    expect(created.statusCode).toBe(201);
    const id = (await memberId(adminA, world.practices.a, email)) ?? '';
    return { id, own, bearer: { authorization: `Bearer ${created.json().token}` } };
  }

  const readA = (headers: Record<string, string>) => inject('GET', `/api/v1/practices/${world.practices.a}`, headers);

  it('item 11: removing a member ends their sessions and revokes the tokens they made there, at once', async () => {
    const other = await inject('POST', `/api/v1/practices/${world.practices.a}/api-tokens`, as(adminA), {
      name: 'kept',
      permissions: ['practice.read'],
    });
    const kept = { authorization: `Bearer ${other.json().token}` };
    const second = await secondAdmin('leaver@alder.example');
    expect((await readA(as(second.own))).statusCode).toBe(200);
    expect((await readA(second.bearer)).statusCode).toBe(200);
    expect(
      (await inject('DELETE', `/api/v1/practices/${world.practices.a}/members/${second.id}`, as(adminA))).statusCode,
    ).toBe(204);
    expect((await readA(as(second.own))).statusCode).toBe(401);
    expect((await readA(second.bearer)).statusCode).toBe(401);
    expect((await readA(kept)).statusCode).toBe(200);
    const removed = (await auditOf(adminA, world.practices.a)).find(
      (e) => e.action === 'membership.deleted' && e.targetId === second.id,
    );
    expect(removed?.details).toMatchObject({ sessionsEnded: 1, tokensRevoked: 1 });
  });

  it('item 11: changing a role ends their sessions and revokes their tokens there', async () => {
    const second = await secondAdmin('demoted@alder.example');
    const demoted = await inject('PATCH', `/api/v1/practices/${world.practices.a}/members/${second.id}`, as(adminA), {
      role: 'practice_staff',
    });
    expect(demoted.statusCode).toBe(200);
    expect((await readA(as(second.own))).statusCode).toBe(401);
    expect((await readA(second.bearer)).statusCode).toBe(401);
  });

  it('item 11: changing one’s password needs the current one and ends the other sessions', async () => {
    const email = 'changer@alder.example';
    const { token } = await invite(adminA, world.practices.a, email);
    expect((await createAccount(token, hirePassword)).statusCode).toBe(200);
    const here = await session(email, hirePassword);
    const elsewhere = await session(email, hirePassword);
    const change = (currentPassword: string, newPassword: string) =>
      inject('POST', '/api/v1/auth/password', as(here), { currentPassword, newPassword });
    const wrong = await change('not my password at all', 'a brand new passphrase');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details).toEqual([
      { path: 'body.currentPassword', message: 'is not your current password' },
    ]);
    const weak = await change(hirePassword, 'password1234');
    expect(weak.json().error.details).toEqual([
      { path: 'body.newPassword', message: 'is a commonly used password; choose another' },
    ]);
    const changed = await change(hirePassword, 'a brand new passphrase');
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ otherSessionsEnded: 1 });
    expect((await inject('GET', '/api/v1/auth/session', as(here))).statusCode).toBe(200);
    expect((await inject('GET', '/api/v1/auth/session', as(elsewhere))).statusCode).toBe(401);
    expect((await signInWith(email, hirePassword)).statusCode).toBe(401);
    await session(email, 'a brand new passphrase');
  });

  it("item 11: an administrator resets a password only when they administer all of the person's roles", async () => {
    const { practices, users } = world;
    const staff = await signInAs(world, users.staff);
    const reset = (admin: SignedIn, practiceId: string, userId: string) =>
      inject('POST', `/api/v1/practices/${practiceId}/members/${userId}/password-reset`, as(admin));
    // The auditor holds roles in A and C: neither administrator alone may take the account over.
    expect((await reset(adminA, practices.a, users.auditor.id)).statusCode).toBe(403);
    expect((await reset(adminC, practices.c, users.auditor.id)).statusCode).toBe(403);
    // The MSP administrator's role is beyond a practice administrator's.
    expect((await reset(adminA, practices.a, users.mspAdmin.id)).statusCode).toBe(403);
    // Not a member of C: as if there were no such person.
    expect((await reset(adminC, practices.c, users.staff.id)).statusCode).toBe(404);
    // Staff is only in A: A's administrator may.
    const done = await reset(adminA, practices.a, users.staff.id);
    expect(done.statusCode, done.body).toBe(200);
    expect((await inject('GET', '/api/v1/auth/session', as(staff))).statusCode).toBe(401);
    expect((await signInWith(users.staff.email, worldPassword)).statusCode).toBe(401);
    const token = new URL(done.json().setPasswordLink).searchParams.get('token');
    expect((await inject('POST', '/api/v1/auth/set-password', {}, { token, password: worldPassword })).statusCode).toBe(
      200,
    );
    await session(users.staff.email, worldPassword);
  });

  it('item 11: a disabled account cannot sign in, its sessions and tokens end, and enabling it restores sign-in', async () => {
    const second = await secondAdmin('disabled@alder.example');
    const disable = (disabled: boolean) =>
      inject('PUT', `/api/v1/practices/${world.practices.a}/members/${second.id}/disabled`, as(adminA), { disabled });
    const res = await disable(true);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await readA(as(second.own))).statusCode).toBe(401);
    expect((await readA(second.bearer)).statusCode).toBe(401);
    expect((await signInWith('disabled@alder.example', hirePassword)).statusCode).toBe(401);
    // Nobody disables themselves here, and a practice keeps an administrator who can sign in.
    expect(
      (
        await inject(
          'PUT',
          `/api/v1/practices/${world.practices.a}/members/${world.users.practiceAdmin.id}/disabled`,
          as(adminA),
          { disabled: true },
        )
      ).statusCode,
    ).toBe(409);
    expect((await disable(false)).json().disabled).toBe(false);
    await session('disabled@alder.example', hirePassword);
    expect(
      (await inject('PUT', `/api/v1/practices/${world.practices.a}/members/${second.id}/disabled`, as(adminA), {}))
        .statusCode,
    ).toBe(400);
  });
});
