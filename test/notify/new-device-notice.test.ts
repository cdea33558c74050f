/**
 * A sign-in from a browser an account has not used before tells the account holder
 * (account.new_device), by email from a real SMTP server on both engines. The browser is the
 * tandem_device cookie; an account's first device ever, and a browser it knows, send nothing.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { knownDevices } from '../../src/core/identity/tables.ts';
import { notices } from '../../src/notify/tables.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildNoticeWorld, noticePublicUrl, type NoticeWorld } from '../support/notice-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { worldPassword, type WorldUser } from '../support/world.ts';

const chromeOnLinux =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const firefoxOnWindows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

describeEachEngine('new-device sign-in notice', (db, _engine, postgresUrl) => {
  let h: NoticeWorld;

  beforeAll(async () => {
    h = await buildNoticeWorld(db(), postgresUrl(), { smtp: true });
  });
  afterAll(async () => h?.stop());

  const mailTo = (address: string) => h.smtp!.messages.filter((m) => m.to && 'text' in m.to && m.to.text === address);
  const noticesOf = (user: WorldUser) => db().db.select().from(notices).where(eq(notices.userId, user.id));

  /** Signs in with the password, from the browser holding `device` (a tandem_device cookie value) if any. */
  async function signIn(user: WorldUser, device?: string, options: { userAgent?: string; password?: string } = {}) {
    const reply = await h.world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: {
        'user-agent': options.userAgent ?? chromeOnLinux,
        ...(device ? { cookie: `tandem_device=${device}` } : {}),
      },
      payload: { email: user.email, password: options.password ?? worldPassword },
    });
    const cookie = reply.cookies.find((c) => c.name === 'tandem_device');
    return { reply, cookie, device: cookie?.value };
  }

  test('first device sends nothing, the same browser again nothing, a new browser emails the holder', async () => {
    const staff = h.world.users.staff;
    const first = await signIn(staff);
    expect(first.reply.statusCode, first.reply.body).toBe(200);
    // The device cookie: HttpOnly, Lax, 400 days; not Secure over plain HTTP.
    expect(first.cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 400 * 24 * 3600 });
    expect(first.cookie?.secure).toBeUndefined();
    expect(first.device).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Stored hashed: the id itself is nowhere in the table.
    const rows = await db().db.select().from(knownDevices).where(eq(knownDevices.userId, staff.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.deviceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.deviceHash).not.toBe(first.device);

    const again = await signIn(staff, first.device);
    expect(again.reply.statusCode).toBe(200);
    expect(again.device).toBe(first.device);

    // A wrong password from a new browser records nothing and sends nothing.
    expect((await signIn(staff, undefined, { password: 'not the password at all' })).reply.statusCode).toBe(401);
    expect(await noticesOf(staff)).toEqual([]);

    const elsewhere = await signIn(staff, undefined, { userAgent: firefoxOnWindows });
    expect(elsewhere.reply.statusCode).toBe(200);
    expect(elsewhere.device).not.toBe(first.device);
    await waitFor(() => mailTo(staff.email).length === 1, { what: 'the new-device email' });
    const [mail] = mailTo(staff.email);
    expect(mail?.subject).toBe('New sign-in to your Tandem account');
    expect(mail?.text).toContain(
      'Your Tandem account was signed in to from a browser it has not been used from before: Firefox on Windows, from IP address 127.0.0.1, on ',
    );
    expect(mail?.text).toContain(h.world.clock.now().toUTCString());
    expect(mail?.text).toContain(`Review your sessions: ${noticePublicUrl}/account/sessions`);
    // Both browsers are known now; nobody else heard of it.
    expect((await signIn(staff, elsewhere.device)).reply.statusCode).toBe(200);
    expect((await signIn(staff, first.device)).reply.statusCode).toBe(200);
    expect(await noticesOf(staff)).toHaveLength(1);
    expect(h.smtp!.messages).toHaveLength(1);
  });

  test("another person's device cookie, or a malformed one, is a new device", async () => {
    const [auditor, admin] = [h.world.users.auditor, h.world.users.practiceAdmin];
    const sent = h.smtp!.messages.length;
    const auditorsBrowser = (await signIn(auditor)).device!;
    const adminsBrowser = (await signIn(admin)).device!;
    expect(adminsBrowser).not.toBe(auditorsBrowser);

    // The administrator signs in on the auditor's browser: the same cookie, new for this account.
    const shared = await signIn(admin, auditorsBrowser);
    expect(shared.reply.statusCode).toBe(200);
    expect(shared.device).toBe(auditorsBrowser);
    await waitFor(() => mailTo(admin.email).length === 1, { what: "the email about the auditor's browser" });
    expect(mailTo(admin.email)[0]?.subject).toBe('New sign-in to your Tandem account');
    expect(mailTo(auditor.email)).toEqual([]);
    expect((await signIn(admin, auditorsBrowser)).reply.statusCode).toBe(200);

    // A cookie not of Tandem's making is replaced by a fresh id, and counts as new.
    const forged = await signIn(admin, 'not-a-device-id');
    expect(forged.device).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await waitFor(() => mailTo(admin.email).length === 2, { what: 'the email about the malformed cookie' });
    expect(h.smtp!.messages.length).toBe(sent + 2);
  });
});
