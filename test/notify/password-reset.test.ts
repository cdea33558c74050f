/**
 * Forgot password (issue 17) over HTTP on both engines, with a real SMTP server: the same answer
 * for every address, the link only in the account's own mailbox, a token that works once, for 45
 * minutes, for its own account only, and a reset that ends every session and spends the account's
 * other reset links while leaving its second factor in place.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { requestPasswordReset } from '../../src/core/identity/password-reset.ts';
import { notices } from '../../src/notify/tables.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildNoticeWorld, noticePublicUrl, type NoticeWorld } from '../support/notice-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { as, signInAs, worldPassword } from '../support/world.ts';

const tokenIn = (text: string | false | undefined) =>
  decodeURIComponent(/\/reset-password\?token=([A-Za-z0-9_%-]+)/.exec(text || '')?.[1] ?? '');

describeEachEngine('forgot password', (db, _engine, postgresUrl) => {
  let h: NoticeWorld;
  // Each test asks from its own address, so the per-source throttle of one does not reach another.
  let source = 0;
  const nextSource = () => `192.0.2.${++source}`;

  beforeAll(async () => {
    h = await buildNoticeWorld(db(), postgresUrl(), { smtp: true });
  });
  afterAll(async () => h?.stop());

  const ask = (email: unknown, remoteAddress: string) =>
    h.world.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email }, remoteAddress });
  const complete = (token: string, password: string) =>
    h.world.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/complete', payload: { token, password } });
  const signIn = (email: string, password: string) =>
    h.world.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
  const mailTo = (address: string) => h.smtp!.messages.filter((m) => m.to && 'text' in m.to && m.to.text === address);

  /** Asks for a reset of `email` and returns the token from the email that arrives. */
  async function resetLink(email: string, remoteAddress = nextSource()): Promise<string> {
    const before = mailTo(email).length;
    const res = await ask(email, remoteAddress);
    expect(res.statusCode, res.body).toBe(202);
    await waitFor(() => mailTo(email).length === before + 1, { what: `the reset email to ${email}` });
    return tokenIn(mailTo(email)[before]?.text);
  }

  test('the same 202 for an account and for no account; only the account holder gets the link', async () => {
    const from = nextSource();
    const known = await ask('FrontDesk@alder.example', from);
    const unknown = await ask('nobody@alder.example', from);
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(known.json().message).toMatch(/^If that address belongs to a Tandem account/);

    await waitFor(() => mailTo('frontdesk@alder.example').length === 1, { what: 'the reset email' });
    const [mail] = mailTo('frontdesk@alder.example');
    expect(mail?.subject).toBe('Reset your Tandem password');
    const token = tokenIn(mail?.text);
    expect(mail?.text).toContain(
      `Choose a new password: ${noticePublicUrl}/reset-password?token=${encodeURIComponent(token)}`,
    );
    expect(tokenIn(mail?.html)).toBe(token);
    expect(mail?.text).not.toContain('authenticator');
  });

  test('an address without an account gets no link and no notice', async () => {
    const deps = {
      db: db().db,
      clock: h.world.clock,
      keyring: h.world.keyring,
      limits: { idleMinutes: 30, absoluteHours: 12 },
    };
    let announced = 0;
    const outcome = await requestPasswordReset(
      deps,
      'nobody-else@alder.example',
      { ip: nextSource(), userAgent: null, requestId: null },
      async () => {
        announced += 1;
      },
    );
    expect(outcome.kind).toBe('accepted');
    if (outcome.kind === 'accepted') await outcome.work;
    expect(announced).toBe(0);
    expect(await db().db.select().from(notices).where(eq(notices.recipient, 'nobody-else@alder.example'))).toEqual([]);
  });

  test('completing ends every session, spends the other links, and the token works once', async () => {
    const staff = h.world.users.staff;
    const session = await signInAs(h.world, staff);
    const older = await resetLink(staff.email);
    const token = await resetLink(staff.email);
    expect(token).not.toBe(older);

    const weak = await complete(token, 'short');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details[0].path).toBe('body.password');

    const done = await complete(token, 'a brand new passphrase 7');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().sessionsEnded).toBeGreaterThanOrEqual(1);
    const after = await h.world.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: as(session) });
    expect(after.statusCode).toBe(401);

    const again = await complete(token, 'yet another passphrase 8');
    expect(again.statusCode).toBe(404);
    expect(again.json().error.message).toMatch(/^This reset link is not valid/);
    expect((await complete(older, 'yet another passphrase 8')).statusCode).toBe(404);

    expect((await signIn(staff.email, worldPassword)).statusCode).toBe(401);
    expect((await signIn(staff.email, 'a brand new passphrase 7')).statusCode).toBe(200);
  });

  test('a link expires after 45 minutes', async () => {
    const token = await resetLink(h.world.users.auditor.email);
    h.world.clock.advance(45 * 60_000 + 1000);
    expect((await complete(token, 'auditor passphrase after expiry')).statusCode).toBe(404);
    expect((await signIn(h.world.users.auditor.email, worldPassword)).statusCode).toBe(200);
  });

  test("a token resets only its own account, and other links' tokens are refused", async () => {
    const token = await resetLink(h.world.users.practiceAdmin.email);
    // The set-password route does not take a reset token, nor the reset route an invitation's.
    const elsewhere = await h.world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/set-password',
      payload: { token, password: 'stolen passphrase 1234' },
    });
    expect(elsewhere.statusCode).toBe(404);
    expect((await complete('x'.repeat(43), 'stolen passphrase 1234')).statusCode).toBe(404);

    expect((await complete(token, 'quiet river under lanterns 9')).statusCode).toBe(200);
    expect((await signIn(h.world.users.practiceAdmin.email, 'quiet river under lanterns 9')).statusCode).toBe(200);
    // Nobody else's password changed.
    expect((await signIn(h.world.users.otherAdmin.email, worldPassword)).statusCode).toBe(200);
  });

  test('the second factor stays after a reset, and the email says so', async () => {
    const tech = h.world.users.technician;
    const before = mailTo(tech.email).length;
    const token = await resetLink(tech.email);
    expect(mailTo(tech.email)[before]?.text).toContain('Your authenticator stays as it is');
    expect((await complete(token, 'copper kettle on the hill 42')).statusCode).toBe(200);
    const signedIn = await signIn(tech.email, 'copper kettle on the hill 42');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().status).toBe('mfa_required');
  });

  test('requests are throttled per address and per source, alike for addresses with and without an account', async () => {
    for (const email of ['it@alder.example', 'ghost@alder.example']) {
      const replies = [];
      for (let i = 0; i < 4; i += 1) replies.push(await ask(email, nextSource()));
      expect(replies.map((r) => r.statusCode)).toEqual([202, 202, 202, 429]);
      expect(replies[3]?.headers['retry-after']).toBe('1');
    }
    const from = nextSource();
    const codes = [];
    for (let i = 0; i < 11; i += 1) codes.push((await ask(`someone${i}@example.org`, from)).statusCode);
    expect(codes).toEqual([...Array<number>(10).fill(202), 429]);
    await waitFor(() => mailTo('it@alder.example').length === 3, { what: 'the three reset emails' });
  });

  test('bad input gets a clear 400', async () => {
    const from = nextSource();
    const missing = await h.world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: {},
      remoteAddress: from,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toBe('body.email');
    expect((await ask('not an address', from)).statusCode).toBe(400);
    expect((await ask(`${'a'.repeat(300)}@example.org`, from)).statusCode).toBe(400);
    expect((await ask(42, from)).statusCode).toBe(400);
    const huge = await h.world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/complete',
      payload: { token: 'y'.repeat(50), password: 'p'.repeat(2000) },
    });
    expect(huge.statusCode).toBe(400);
    const extra = await h.world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: 'frontdesk@alder.example', userId: 'me' },
      remoteAddress: from,
    });
    expect(extra.statusCode).toBe(400);
  });
});
