/**
 * GET /api/v1/auth/notices: a signed-in person reads their own account notices (no practice),
 * newest first and paged like every list, with personal-link tokens withheld; never another
 * person's, nor a practice's notices addressed to them.
 */
import { beforeAll, expect, test } from 'vitest';
import { newId } from '../../src/core/ids.ts';
import { notices } from '../../src/notify/tables.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, type SignedIn, type World, type WorldUser } from '../support/world.ts';

describeEachEngine('account notices list', (db) => {
  let world: World;
  let staff: SignedIn;
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));

  /** One notice row as notify() writes it; practiceId null makes it an account notice. */
  async function addNotice(user: WorldUser, event: string, subject: string, createdAt: Date, practiceId?: string) {
    const text = `${subject}\n\nOpen: https://tandem.example/reset-password?token=secret-${subject.length}`;
    await db()
      .db.insert(notices)
      .values({
        id: newId(),
        practiceId: practiceId ?? null,
        userId: user.id,
        recipient: user.email,
        event,
        subject,
        textBody: text,
        htmlBody: `<p>${text}</p>`,
        status: 'sent',
        createdAt,
        deliveredAt: createdAt,
      });
  }

  beforeAll(async () => {
    world = await buildWorld(db());
    const { users, practices } = world;
    await addNotice(users.staff, 'account.new_device', 'New sign-in', at(1));
    await addNotice(users.staff, 'account.mfa_changed', 'Two-step changed', at(2));
    await addNotice(users.staff, 'account.password_reset', 'Reset your password', at(3));
    // Not account notices of staff's: another person's, and a practice's notice to staff.
    await addNotice(users.auditor, 'account.new_device', 'Auditor sign-in', at(4));
    await addNotice(users.staff, 'matrix.proposed', 'Matrix proposed', at(5), practices.a);
    staff = await signInAs(world, users.staff);
  });

  const list = (session: SignedIn | undefined, query = '') =>
    world.app.inject({
      method: 'GET',
      url: `/api/v1/auth/notices${query}`,
      ...(session ? { headers: as(session) } : {}),
    });

  test('lists only your own account notices, newest first, page by page, reset links withheld', async () => {
    const first = await list(staff, '?limit=2');
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json();
    expect(page1.notices.map((n: { subject: string }) => n.subject)).toEqual([
      'Reset your password',
      'Two-step changed',
    ]);
    expect(page1.notices[0]).toMatchObject({
      event: 'account.password_reset',
      recipient: world.users.staff.email,
      status: 'sent',
      createdAt: at(3).toISOString(),
      text: 'Reset your password\n\nOpen: https://tandem.example/reset-password?token=withheld',
    });
    expect(page1.notices[0].html).not.toContain('secret-');
    // Not a personal-link event: shown as it was sent.
    expect(page1.notices[1].text).toContain('?token=secret-16');
    expect(page1.next).toEqual(expect.any(String));

    const second = await list(staff, `?limit=2&cursor=${page1.next}`);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ notices: [{ subject: 'New sign-in' }], next: null });
  });

  test("another person's list holds only theirs; without signing in there is none", async () => {
    const auditor = await signInAs(world, world.users.auditor);
    const reply = await list(auditor);
    expect(reply.statusCode).toBe(200);
    expect(reply.json().notices.map((n: { subject: string }) => n.subject)).toEqual(['Auditor sign-in']);
    expect((await list(undefined)).statusCode).toBe(401);
  });

  test('an API token has no account notices to read: 403', async () => {
    const admin = await signInAs(world, world.users.practiceAdmin);
    const created = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.a}/api-tokens`,
      headers: as(admin),
      payload: { name: 'notices probe', permissions: ['practice.read'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const reply = await world.app.inject({
      method: 'GET',
      url: '/api/v1/auth/notices',
      headers: { authorization: `Bearer ${created.json().token}` },
    });
    expect(reply.statusCode).toBe(403);
    expect(reply.json().error.message).toBe('This action needs a signed-in person, not an API token');
  });

  test('a bad limit or cursor is a 400 naming it', async () => {
    for (const [query, path] of [
      ['?limit=0', 'query.limit'],
      ['?limit=101', 'query.limit'],
      ['?limit=many', 'query.limit'],
      ['?cursor=not-a-cursor', 'query.cursor'],
      [`?cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`, 'query.cursor'],
      ['?status=sent', 'query'],
    ] as const) {
      const reply = await list(staff, query);
      expect(reply.statusCode, query).toBe(400);
      expect(reply.json().error.details[0].path, `${query}: ${reply.body}`).toBe(path);
    }
  });
});
