import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { newId } from '../../src/core/ids.ts';
import { jobWorker } from '../../src/core/jobs/job-type.ts';
import { JobQueue } from '../../src/core/jobs/queue.ts';
import { memberships, users } from '../../src/core/identity/tables.ts';
import { organizations, practices } from '../../src/core/tenancy/tables.ts';
import { withTenant } from '../../src/core/tenancy/with-tenant.ts';
import { deliverHandler, deliverNotice, digestHandler, sendDigests } from '../../src/notify/jobs.ts';
import { smtpMailer } from '../../src/notify/mailer.ts';
import { notify, type Notifier } from '../../src/notify/notify.ts';
import { notices, notificationPreferences } from '../../src/notify/tables.ts';
import { describeEachEngine } from '../support/databases.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait-for.ts';

const clock = fixedClock(new Date('2026-12-06T12:00:00Z'));
const proposal = {
  practiceName: 'Alder Family Medicine',
  version: 3,
  by: 'msp' as const,
  byName: 'Harbor admin',
  url: 'https://tandem.example/practices/p/matrix/versions/3',
  note: 'Adds <backup> checks',
};

describeEachEngine('notify', (db, _engine, postgresUrl) => {
  let smtp: SmtpSink;
  let queue: JobQueue;
  let notifier: Notifier;
  const practiceId = newId();
  const person = (email: string) => ({ id: newId(), email });
  const [immediate, muted, digest] = [
    person('manager@alder.example'),
    person('muted@alder.example'),
    person('digest@alder.example'),
  ];
  const mailer = () => smtpMailer(smtp.url, 'Tandem <tandem@harbor.example>');

  beforeAll(async () => {
    smtp = await startSmtpSink();
    const orgId = newId();
    await db().db.insert(organizations).values({ id: orgId, name: 'Harbor IT', kind: 'msp' });
    await db().db.insert(practices).values({
      id: practiceId,
      organizationId: orgId,
      name: 'Alder Family Medicine',
      specialty: 'medical',
      jurisdiction: 'US',
      timeZone: 'America/Chicago',
    });
    for (const u of [immediate, muted, digest]) {
      await db().db.insert(users).values({ id: u.id, organizationId: orgId, email: u.email, displayName: u.email });
      await db().db.insert(memberships).values({ userId: u.id, practiceId, role: 'practice_admin' });
    }
    await db()
      .db.insert(notificationPreferences)
      .values([
        { userId: muted.id, event: 'matrix.proposed', channel: 'none', cadence: 'immediate', updatedAt: clock.now() },
        { userId: digest.id, event: 'matrix.proposed', channel: 'email', cadence: 'daily', updatedAt: clock.now() },
      ]);
    queue = await JobQueue.open(db(), {
      postgresUrl: postgresUrl(),
      types: [deliverNotice, sendDigests],
      supervise: true,
      pollingIntervalSeconds: 0.5,
    });
    await queue.work([jobWorker(deliverNotice, deliverHandler({ db: db().db, mailer: mailer(), clock }))]);
    notifier = { queue, clock };
  });
  afterAll(async () => {
    await queue?.stop();
    await smtp?.close();
  });

  const recipients = () => [immediate, muted, digest].map((u) => ({ userId: u.id, email: u.email }));
  const noticesOf = (event: string) => db().db.select().from(notices).where(eq(notices.event, event));
  const queuedNotice = async (values: { event: string; recipient: string; textBody: string }) => {
    const id = newId();
    await db()
      .db.insert(notices)
      .values({
        id,
        practiceId,
        subject: 'Subject',
        htmlBody: '<p>html</p>',
        status: 'queued',
        createdAt: clock.now(),
        ...values,
      });
    return id;
  };
  const run = (retryCount: number) => ({ id: newId(), retryCount });

  test('a notice reaches each recipient as they chose: by email now, not at all, or held for the digest', async () => {
    await withTenant(db().db, practiceId, (tx) =>
      notify(tx, notifier, practiceId, 'matrix.proposed', proposal, recipients()),
    );
    await waitFor(() => smtp.messages.length === 1, { what: 'one email' });
    const [mail] = smtp.messages;
    expect(mail?.to).toMatchObject({ text: 'manager@alder.example' });
    expect(mail?.from?.value).toEqual([{ name: 'Tandem', address: 'tandem@harbor.example' }]);
    expect(mail?.subject).toBe('Alder Family Medicine: responsibility matrix version 3 proposed for agreement');
    expect(mail?.text).toContain('Review version 3: https://tandem.example/practices/p/matrix/versions/3');
    expect(mail?.text).toContain('Their note: Adds <backup> checks');
    expect(mail?.html).toContain('<a href="https://tandem.example/practices/p/matrix/versions/3">Review version 3</a>');
    // The note is text: escaped in the HTML body, not markup.
    expect(mail?.html).toContain('Adds &#60;backup&#62; checks');

    await waitFor(async () => (await noticesOf('matrix.proposed')).some((n) => n.status === 'sent'));
    const rows = await noticesOf('matrix.proposed');
    expect(rows.map((n) => [n.recipient, n.status, n.attempts]).sort()).toEqual([
      ['digest@alder.example', 'held', 0],
      ['manager@alder.example', 'sent', 1],
    ]);
    expect(rows.find((n) => n.status === 'sent')?.deliveredAt).toEqual(clock.now());
  });

  test('the daily digest sends the held notices in one email and marks them sent', async () => {
    const before = smtp.messages.length;
    await digestHandler({ db: db().db, mailer: mailer(), clock })({}, run(0));
    expect(smtp.messages.length).toBe(before + 1);
    const mail = smtp.messages.at(-1);
    expect(mail?.to).toMatchObject({ text: 'digest@alder.example' });
    expect(mail?.subject).toBe('Tandem: 1 notice from the last day');
    expect(mail?.text).toContain('Review version 3: https://tandem.example/practices/p/matrix/versions/3');
    const held = (await noticesOf('matrix.proposed')).find((n) => n.recipient === 'digest@alder.example');
    expect(held?.status).toBe('sent');
  });

  test('a refused delivery is recorded as failed with the error, and the next attempt sends it once', async () => {
    const id = await queuedNotice({ event: 'matrix.agreed', recipient: immediate.email, textBody: 'text' });
    const handle = deliverHandler({ db: db().db, mailer: mailer(), clock });
    smtp.refuseNext(1);
    await expect(handle({ noticeId: id }, run(0))).rejects.toThrow(/451/);
    const [failed] = await db().db.select().from(notices).where(eq(notices.id, id));
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed?.error).toMatch(/451 try again later/);
    await handle({ noticeId: id }, run(1));
    const [sent] = await db().db.select().from(notices).where(eq(notices.id, id));
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, error: null });
    // A repeat of the job (delivery is at least once) finds it sent and does not send it again.
    const count = smtp.messages.length;
    await handle({ noticeId: id }, run(2));
    expect(smtp.messages.length).toBe(count);
  });

  test('without an SMTP server the notice goes to the outbox with its whole email', async () => {
    const id = await queuedNotice({
      event: 'account.invited',
      recipient: 'new.person@alder.example',
      textBody: 'Accept: https://tandem.example/accept',
    });
    await deliverHandler({ db: db().db, mailer: undefined, clock })({ noticeId: id }, run(0));
    const [row] = await db().db.select().from(notices).where(eq(notices.id, id));
    expect(row).toMatchObject({ status: 'outbox', textBody: 'Accept: https://tandem.example/accept' });
  });

  test('a practice transaction sees only its own notices (row-level security)', async () => {
    const mine = await withTenant(db().db, practiceId, (tx) => tx.select().from(notices));
    expect(mine.length).toBeGreaterThan(0);
    const other = await withTenant(db().db, newId(), (tx) => tx.select().from(notices));
    expect(other).toEqual([]);
  });
});
