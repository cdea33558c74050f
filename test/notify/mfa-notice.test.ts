/**
 * A change to a person's second factor tells them (account.mfa_changed), by email from a real
 * SMTP server on both engines, with a link to their sessions page: enrolling, and replacing the
 * authenticator.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { totpCode } from '../../src/core/identity/totp.ts';
import { notices } from '../../src/notify/tables.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildNoticeWorld, noticePublicUrl, type NoticeWorld } from '../support/notice-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { as, signInAs } from '../support/world.ts';

describeEachEngine('MFA change notice', (db, _engine, postgresUrl) => {
  let h: NoticeWorld;

  beforeAll(async () => {
    h = await buildNoticeWorld(db(), postgresUrl(), { smtp: true });
  });
  afterAll(async () => h?.stop());

  const mailTo = (address: string) => h.smtp!.messages.filter((m) => m.to && 'text' in m.to && m.to.text === address);

  test('enrolling and then replacing the authenticator each email the account holder', async () => {
    const auditor = h.world.users.auditor;
    const session = await signInAs(h.world, auditor);
    const enrol = async () => {
      const started = await h.world.app.inject({
        method: 'POST',
        url: '/api/v1/auth/mfa/enrolment',
        headers: as(session),
      });
      expect(started.statusCode, started.body).toBe(200);
      h.world.clock.advance(31_000);
      const code = await totpCode(started.json().secret as string, h.world.clock.now());
      const confirmed = await h.world.app.inject({
        method: 'POST',
        url: '/api/v1/auth/mfa/enrolment/confirm',
        headers: as(session),
        payload: { code },
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
    };

    await enrol();
    await waitFor(() => mailTo(auditor.email).length === 1, { what: 'the enrolment email' });
    const [first] = mailTo(auditor.email);
    expect(first?.subject).toBe('Two-step sign-in changed on your Tandem account');
    expect(first?.text).toContain('An authenticator app was set up for two-step sign-in on your Tandem account on');
    expect(first?.text).toContain(`Review your sessions: ${noticePublicUrl}/account/sessions`);

    await enrol();
    await waitFor(() => mailTo(auditor.email).length === 2, { what: 'the replacement email' });
    expect(mailTo(auditor.email)[1]?.text).toContain('set up in place of the previous one');
    // Nobody else heard of it.
    expect(h.smtp!.messages).toHaveLength(2);
  });

  test('a wrong code changes nothing and sends nothing', async () => {
    const staff = h.world.users.staff;
    const session = await signInAs(h.world, staff);
    const before = h.smtp!.messages.length;
    await h.world.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enrolment', headers: as(session) });
    const wrong = await h.world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/enrolment/confirm',
      headers: as(session),
      payload: { code: '000000' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('body.code');
    expect(await db().db.select().from(notices).where(eq(notices.recipient, staff.email))).toEqual([]);
    expect(h.smtp!.messages.length).toBe(before);
  });
});
