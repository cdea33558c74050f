/**
 * Every change to an enrolled second factor tells the account holder (account.mfa_changed, email
 * from a real SMTP server and Account > Notices), on both engines: new recovery codes, turning MFA
 * off, and an administrator's MFA reset. Each needs its proof, is refused with a clear 4xx
 * otherwise (sending nothing), is throttled and audited, and no code or secret is in the email.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditLog } from '../../src/core/audit/tables.ts';
import { recoveryCodes, users } from '../../src/core/identity/tables.ts';
import { totpCode } from '../../src/core/identity/totp.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildNoticeWorld, noticePublicUrl, type NoticeWorld } from '../support/notice-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { as, signInAs, worldPassword, type SignedIn, type WorldUser } from '../support/world.ts';

const subject = 'Two-step sign-in changed on your Tandem account';

describeEachEngine('MFA changes tell the account holder', (db, _engine, postgresUrl) => {
  let h: NoticeWorld;

  beforeAll(async () => {
    h = await buildNoticeWorld(db(), postgresUrl(), { smtp: true });
  });
  afterAll(async () => h?.stop());

  const mailTo = (address: string) =>
    h.smtp!.messages.filter((m) => m.to && 'text' in m.to && m.to.text === address && m.subject === subject);
  const post = (session: SignedIn, url: string, payload?: object) =>
    h.world.app.inject({ method: 'POST', url, headers: as(session), ...(payload ? { payload } : {}) });

  /** Enrols the user through the API; returns the secret, the recovery codes and the session. */
  async function enrol(user: WorldUser) {
    const session = await signInAs(h.world, user);
    const started = await post(session, '/api/v1/auth/mfa/enrolment');
    expect(started.statusCode, started.body).toBe(200);
    const secret = started.json().secret as string;
    h.world.clock.advance(31_000);
    const confirmed = await post(session, '/api/v1/auth/mfa/enrolment/confirm', {
      code: await totpCode(secret, h.world.clock.now()),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    return { secret, codes: confirmed.json().recoveryCodes as string[], session };
  }
  const nextCode = async (secret: string) => {
    h.world.clock.advance(31_000);
    return totpCode(secret, h.world.clock.now());
  };
  const actions = async (userId: string) =>
    (await db().db.select().from(auditLog).where(eq(auditLog.targetId, userId))).map((e) => e.action);

  describe('new recovery codes', () => {
    test('with the password: ten new codes once, the old ones stop working, the holder is told', async () => {
      const auditor = h.world.users.auditor;
      const { codes: old, session } = await enrol(auditor);
      await waitFor(() => mailTo(auditor.email).length === 1, { what: 'the enrolment email' });

      const res = await post(session, '/api/v1/auth/mfa/recovery-codes', { password: worldPassword });
      expect(res.statusCode, res.body).toBe(200);
      const fresh = res.json().recoveryCodes as string[];
      expect(fresh).toHaveLength(10);
      expect(fresh.filter((c) => old.includes(c))).toEqual([]);
      const stored = await db().db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, auditor.id));
      expect(stored).toHaveLength(10); // the old ten are gone, not merely outnumbered

      // An old code no longer finishes a sign-in; a new one does.
      const signIn = await h.world.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: auditor.email, password: worldPassword },
      });
      const cookie = /tandem_session=[^;]+/.exec(String(signIn.headers['set-cookie']))![0];
      const verify = (recoveryCode: string) =>
        h.world.app.inject({
          method: 'POST',
          url: '/api/v1/auth/mfa/verify',
          headers: { cookie, 'x-csrf-token': signIn.json().csrfToken },
          payload: { recoveryCode },
        });
      expect((await verify(old[0]!)).statusCode).toBe(401);
      expect((await verify(fresh[0]!)).statusCode).toBe(200);

      await waitFor(() => mailTo(auditor.email).length === 2, { what: 'the recovery-codes email' });
      const mail = mailTo(auditor.email)[1]!;
      expect(mail.text).toContain('New recovery codes were issued for your Tandem account on');
      expect(mail.text).toContain(`Review your sessions: ${noticePublicUrl}/account/sessions`);
      for (const code of fresh) expect(`${mail.text}${String(mail.html)}`).not.toContain(code);
      expect(await actions(auditor.id)).toContain('auth.mfa.recovery_codes_regenerated');

      // ... and in Account > Notices.
      const notices = await h.world.app.inject({ method: 'GET', url: '/api/v1/auth/notices', headers: as(session) });
      expect(notices.statusCode, notices.body).toBe(200);
      expect(JSON.stringify(notices.json())).toContain('New recovery codes were issued');
    });

    test('with a current code instead; a wrong proof or none is a 400 naming it and sends nothing', async () => {
      const staff = h.world.users.staff;
      const { secret, session } = await enrol(staff);
      await waitFor(() => mailTo(staff.email).length === 1, { what: 'the enrolment email' });

      const none = await post(session, '/api/v1/auth/mfa/recovery-codes', {});
      expect(none.statusCode).toBe(400);
      expect(none.json().error.details[0].message).toContain('send your current password or a code');
      const wrongPassword = await post(session, '/api/v1/auth/mfa/recovery-codes', { password: 'not it at all' });
      expect(wrongPassword.statusCode).toBe(400);
      expect(wrongPassword.json().error.details).toEqual([
        { path: 'body.password', message: 'is not your current password' },
      ]);
      const badCode = await post(session, '/api/v1/auth/mfa/recovery-codes', { code: '12345' });
      expect(badCode.statusCode).toBe(400);
      expect(badCode.json().error.details[0].path).toBe('body.code');

      const code = await nextCode(secret);
      const ok = await post(session, '/api/v1/auth/mfa/recovery-codes', { code });
      expect(ok.statusCode, ok.body).toBe(200);
      // The same code cannot prove a second change.
      const again = await post(session, '/api/v1/auth/mfa/recovery-codes', { code });
      expect(again.statusCode).toBe(400);
      expect(again.json().error.details[0].path).toBe('body.code');

      await waitFor(() => mailTo(staff.email).length === 2, { what: 'the recovery-codes email' });
      expect(await actions(staff.id)).toContain('auth.mfa.change_failed');
      expect(mailTo(staff.email)).toHaveLength(2); // enrolment + the one accepted change
    });

    test('a person without MFA gets 409; wrong passwords are throttled like sign-in (429)', async () => {
      const admin = h.world.users.practiceAdmin;
      const session = await signInAs(h.world, admin);
      const res = await post(session, '/api/v1/auth/mfa/recovery-codes', { password: worldPassword });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toBe('Two-factor authentication is not on for your account');

      const tech = h.world.users.technician;
      const techSession = await signInAs(h.world, tech);
      // account + IP: 5 free failures, then blocked (core/identity/throttle.ts).
      for (let i = 0; i < 5; i++) {
        const wrong = await post(techSession, '/api/v1/auth/mfa/recovery-codes', { password: `wrong ${i} guess` });
        expect(wrong.statusCode).toBe(400);
      }
      const blocked = await post(techSession, '/api/v1/auth/mfa/recovery-codes', { password: worldPassword });
      expect(blocked.statusCode).toBe(429);
      expect(blocked.headers['retry-after']).toBe('1');
      h.world.clock.advance(60_000);
    });
  });

  describe('turning MFA off', () => {
    test('needs password and code; the secret and codes are deleted; the holder is told', async () => {
      const user = h.world.users.practiceAdmin;
      const { secret, session } = await enrol(user);
      await waitFor(() => mailTo(user.email).length === 1, { what: 'the enrolment email' });

      const passwordOnly = await post(session, '/api/v1/auth/mfa/turn-off', { password: worldPassword });
      expect(passwordOnly.statusCode).toBe(400);
      expect(passwordOnly.json().error.details[0].path).toBe('body.code');
      const wrongCode = await post(session, '/api/v1/auth/mfa/turn-off', { password: worldPassword, code: '000000' });
      expect(wrongCode.statusCode).toBe(400);

      const off = await post(session, '/api/v1/auth/mfa/turn-off', {
        password: worldPassword,
        code: await nextCode(secret),
      });
      expect(off.statusCode, off.body).toBe(200);
      const [row] = await db().db.select().from(users).where(eq(users.id, user.id));
      expect([row?.mfaEnabledAt, row?.mfaSecret, row?.mfaPendingSecret]).toEqual([null, null, null]);
      expect(await db().db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id))).toEqual([]);
      expect(await actions(user.id)).toContain('auth.mfa.turned_off');

      await waitFor(() => mailTo(user.email).length === 2, { what: 'the turned-off email' });
      expect(mailTo(user.email)[1]?.text).toContain('Two-step sign-in was turned off for your Tandem account on');

      // Signing in now needs the password only.
      const signIn = await h.world.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: user.email, password: worldPassword },
      });
      expect(signIn.json().status).toBe('signed_in');
    });

    test('refused (403, naming the role) when a role requires MFA', async () => {
      const tech = h.world.users.internalIt;
      const session = await signInAs(h.world, tech);
      const res = await post(session, '/api/v1/auth/mfa/turn-off', {
        password: worldPassword,
        code: await nextCode(tech.totpSecret!),
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.message).toBe(
        'Your role requires two-factor authentication (internal it in Alder Family Medicine), so it cannot be turned off',
      );
      expect(mailTo(tech.email)).toEqual([]);
    });
  });

  describe("an administrator's MFA reset", () => {
    test('removes the factor, ends the sessions, tells the holder; refused outside the access model', async () => {
      const admin = h.world.users.mspAdmin;
      const target = h.world.users.technician;
      const adminSession = await signInAs(h.world, admin);
      const targetSession = await signInAs(h.world, target);
      const url = (userId: string) => `/api/v1/practices/${h.world.practices.a}/members/${userId}/mfa-reset`;

      const reset = await post(adminSession, url(target.id));
      expect(reset.statusCode, reset.body).toBe(200);
      expect(reset.json().sessionsEnded).toBeGreaterThanOrEqual(1);
      const [row] = await db().db.select().from(users).where(eq(users.id, target.id));
      expect([row?.mfaEnabledAt, row?.mfaSecret]).toEqual([null, null]);
      const gone = await h.world.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: as(targetSession) });
      expect(gone.statusCode).toBe(401);
      const audit = await db()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.targetId, target.id), eq(auditLog.action, 'user.mfa_reset')));
      expect(audit.map((e) => e.actorId)).toEqual([admin.id]);

      await waitFor(() => mailTo(target.email).length === 1, { what: 'the reset email' });
      expect(mailTo(target.email)[0]?.text).toContain(
        'An administrator reset two-step sign-in for your Tandem account',
      );
      // Their role requires MFA: the next sign-in must enrol again.
      const signIn = await h.world.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: target.email, password: worldPassword },
      });
      expect(signIn.json().status).toBe('mfa_enrolment_required');

      // Nothing left to reset: 409. A practice administrator cannot reset an MSP role: 403.
      expect((await post(adminSession, url(target.id))).statusCode).toBe(409);
      const practiceAdmin = await signInAs(h.world, h.world.users.practiceAdmin);
      const refused = await post(practiceAdmin, url(target.id));
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toContain('holds a role you do not administer');
      expect((await post(adminSession, url(admin.id))).statusCode).toBe(409); // not on oneself
    });
  });
});
