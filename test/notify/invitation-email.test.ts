/**
 * Invitation emails (issue 17): with an SMTP server the accept link reaches only the invitee and
 * the administrator never sees it; sending again makes a new link and kills the old one. Without
 * one, the administrator gets the link as before and the same email waits in the outbox.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { invitationCreatedSchema } from '../../src/core/identity/schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildNoticeWorld, noticePublicUrl, type NoticeWorld } from '../support/notice-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { as, signInAs, type SignedIn } from '../support/world.ts';

const tokenIn = (text: string | false | undefined) =>
  /\/invitation\?token=([A-Za-z0-9_%-]+)/.exec(text || '')?.[1] ?? '';

describeEachEngine('invitation email with an SMTP server', (db, _engine, postgresUrl) => {
  let h: NoticeWorld;
  let admin: SignedIn;

  beforeAll(async () => {
    h = await buildNoticeWorld(db(), postgresUrl(), { smtp: true });
    admin = await signInAs(h.world, h.world.users.practiceAdmin);
  });
  afterAll(async () => h?.stop());

  const post = (url: string, payload?: object) =>
    h.world.app.inject({ method: 'POST', url, headers: as(admin), ...(payload ? { payload } : {}) });
  const preview = (token: string) =>
    h.world.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/preview',
      payload: { token: decodeURIComponent(token) },
    });
  const mailTo = (address: string) => h.smtp!.messages.filter((m) => m.to && 'text' in m.to && m.to.text === address);

  test('inviting emails the link to the invitee only; the reply names the address and holds no link', async () => {
    const a = h.world.practices.a;
    const res = await post(`/api/v1/practices/${a}/members`, {
      email: 'zoe@alder.example',
      displayName: 'Zoë Ångström',
      role: 'practice_staff',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = invitationCreatedSchema.parse(res.json());
    expect(body.emailedTo).toBe('zoe@alder.example');
    expect(body.invitationLink).toBeUndefined();
    expect(res.body).not.toContain('token');

    await waitFor(() => mailTo('zoe@alder.example').length === 1, { what: 'the invitation email' });
    expect(h.smtp!.messages).toHaveLength(1);
    const [mail] = mailTo('zoe@alder.example');
    expect(mail?.subject).toBe('You are invited to Alder Family Medicine on Tandem');
    expect(mail?.text).toContain('manager invited you to join Alder Family Medicine on Tandem as practice staff.');
    const token = tokenIn(mail?.text);
    expect(mail?.text).toContain(`Accept the invitation: ${noticePublicUrl}/invitation?token=${token}`);
    expect(tokenIn(mail?.html)).toBe(token);
    // The practice's notice list shows the invitation, but not its link.
    const listed = await h.world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${a}/notices`,
      headers: as(admin),
    });
    const notice = (listed.json().notices as { event: string; text: string; html: string }[]).find(
      (n) => n.event === 'account.invited',
    );
    expect(notice?.text).toContain(`Accept the invitation: ${noticePublicUrl}/invitation?token=withheld`);
    expect(`${notice?.text}${notice?.html}`).not.toContain(token);
    const shown = await preview(token);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({ practiceName: 'Alder Family Medicine', email: 'zoe@alder.example' });
  });

  test('sending again emails a new link and the old one stops working', async () => {
    const a = h.world.practices.a;
    await post(`/api/v1/practices/${a}/members`, {
      email: 'resend@alder.example',
      displayName: 'Re Send',
      role: 'auditor',
    });
    await waitFor(() => mailTo('resend@alder.example').length === 1, { what: 'the first invitation email' });
    const first = tokenIn(mailTo('resend@alder.example')[0]?.text);
    const list = await h.world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${a}/invitations`,
      headers: as(admin),
    });
    const id = (list.json().invitations as { id: string; email: string }[]).find(
      (i) => i.email === 'resend@alder.example',
    )?.id;

    const again = await post(`/api/v1/practices/${a}/invitations/${id}/resend`);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({
      emailedTo: 'resend@alder.example',
      invitation: { status: 'pending', role: 'auditor' },
    });
    await waitFor(() => mailTo('resend@alder.example').length === 2, { what: 'the second invitation email' });
    const second = tokenIn(mailTo('resend@alder.example')[1]?.text);
    expect(second).not.toBe(first);
    expect((await preview(first)).statusCode).toBe(404);
    expect((await preview(second)).statusCode).toBe(200);

    // The old invitation is withdrawn; sending it again once more still works (a new link again).
    expect((await post(`/api/v1/practices/${a}/invitations/${id}/resend`)).statusCode).toBe(201);
    await waitFor(() => mailTo('resend@alder.example').length === 3, { what: 'the third invitation email' });
    expect((await preview(second)).statusCode).toBe(404);
  });

  test('bad input gets a clear 4xx and sends nothing', async () => {
    const a = h.world.practices.a;
    const before = h.smtp!.messages.length;
    const missing = await post(`/api/v1/practices/${a}/members`, { displayName: 'No Address', role: 'auditor' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body.email' })]),
    );
    const huge = await post(`/api/v1/practices/${a}/members`, {
      email: 'huge@alder.example',
      displayName: 'x'.repeat(100_000),
      role: 'auditor',
    });
    expect(huge.statusCode).toBe(400);
    const notUuid = await post(`/api/v1/practices/${a}/invitations/not-a-uuid/resend`);
    expect(notUuid.statusCode).toBe(400);
    const unknown = await post(`/api/v1/practices/${a}/invitations/00000000-0000-4000-8000-000000000000/resend`);
    expect(unknown.statusCode).toBe(404);
    // Another practice's invitation is not found from this one.
    const other = await signInAs(h.world, h.world.users.otherAdmin);
    const c = h.world.practices.c;
    const theirs = await h.world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${c}/members`,
      headers: as(other),
      payload: { email: 'theirs@lakeside.example', displayName: 'Theirs', role: 'auditor' },
    });
    const theirId = theirs.json().invitation.id as string;
    expect((await post(`/api/v1/practices/${a}/invitations/${theirId}/resend`)).statusCode).toBe(404);
    await waitFor(() => h.smtp!.messages.length === before + 1, { what: 'the other practice invitation' });
    expect(mailTo('theirs@lakeside.example')).toHaveLength(1);
  });

  test('an accepted invitation cannot be sent again', async () => {
    const a = h.world.practices.a;
    await post(`/api/v1/practices/${a}/members`, {
      email: 'joined@alder.example',
      displayName: 'Joined',
      role: 'auditor',
    });
    await waitFor(() => mailTo('joined@alder.example').length === 1, { what: 'the invitation email' });
    const token = decodeURIComponent(tokenIn(mailTo('joined@alder.example')[0]?.text));
    const accepted = await h.world.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/create-account',
      payload: { token, password: 'a long enough new password' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const list = await h.world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${a}/invitations`,
      headers: as(admin),
    });
    const id = (list.json().invitations as { id: string; email: string }[]).find(
      (i) => i.email === 'joined@alder.example',
    )?.id;
    const again = await post(`/api/v1/practices/${a}/invitations/${id}/resend`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('joined@alder.example has already accepted this invitation');
  });
});

describeEachEngine('invitation without an SMTP server', (db, _engine, postgresUrl) => {
  let h: NoticeWorld;

  beforeAll(async () => {
    h = await buildNoticeWorld(db(), postgresUrl(), { smtp: false });
  });
  afterAll(async () => h?.stop());

  test('the administrator gets the link once, and the same email waits in the outbox', async () => {
    const admin = await signInAs(h.world, h.world.users.practiceAdmin);
    const a = h.world.practices.a;
    const res = await h.world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${a}/members`,
      headers: as(admin),
      payload: { email: 'copy@alder.example', displayName: 'Copy Link', role: 'practice_staff' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = invitationCreatedSchema.parse(res.json());
    expect(body.emailedTo).toBeUndefined();
    expect(body.invitationLink).toMatch(new RegExp(`^${noticePublicUrl}/invitation\\?token=`));

    const outbox = async () =>
      (
        await h.world.app.inject({
          method: 'GET',
          url: `/api/v1/practices/${a}/notices?status=outbox`,
          headers: as(admin),
        })
      ).json().notices as { event: string; recipient: string; text: string }[];
    await waitFor(async () => (await outbox()).length === 1, { what: 'the invitation in the outbox' });
    const [notice] = await outbox();
    expect(notice).toMatchObject({ event: 'account.invited', recipient: 'copy@alder.example' });
    expect(notice?.text).toContain(`Accept the invitation: ${body.invitationLink}`);
  });
});
