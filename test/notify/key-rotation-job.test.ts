/**
 * Key rotation started from the API runs as a job (keys.rotate), shows its status, and tells the
 * administrator who started it when it ends, succeeded or failed (account.job_finished, email
 * from a real SMTP server and Account > Notices), on both engines.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Keyring } from '../../src/core/crypto/keyring.ts';
import { rotateKeysJob } from '../../src/core/crypto/rotation-runs.ts';
import { keyRotations } from '../../src/core/crypto/tables.ts';
import { keyStatus } from '../../src/core/crypto/rotate.ts';
import { jobWorker, type JobType } from '../../src/core/jobs/job-type.ts';
import type { JobQueue } from '../../src/core/jobs/queue.ts';
import { notices } from '../../src/notify/tables.ts';
import { keyRotationHandler } from '../../src/server/key-rotation-notice.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildNoticeWorld, noticePublicUrl, type NoticeWorld } from '../support/notice-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { as, signInAs } from '../support/world.ts';

describeEachEngine('key rotation as a job tells who started it', (db, _engine, postgresUrl) => {
  let h: NoticeWorld;
  /** The worker's keyring: a new current key, with the world's key kept for reading. */
  let rotating: Keyring;
  let workerQueue: JobQueue | undefined;
  const queue = () => workerQueue!;

  beforeAll(async () => {
    h = await buildNoticeWorld(db(), postgresUrl(), {
      smtp: true,
      extra: {
        types: [rotateKeysJob as JobType<unknown>],
        workers: (world, queue) => {
          workerQueue = queue;
          rotating = { currentId: 'next', keys: new Map([...world.keyring.keys, ['next', randomBytes(32)]]) };
          return [
            jobWorker(
              rotateKeysJob,
              keyRotationHandler({ database: db(), keyring: rotating, clock: world.clock, queue }),
            ),
          ];
        },
      },
    });
  });
  afterAll(async () => h?.stop());

  const mailTo = (address: string) =>
    h.smtp!.messages.filter(
      (m) => m.to && 'text' in m.to && m.to.text === address && m.subject?.startsWith('Encryption key rotation'),
    );

  test('only organisation administrators may start or read one', async () => {
    const tech = await signInAs(h.world, h.world.users.technician);
    const start = await h.world.app.inject({ method: 'POST', url: '/api/v1/key-rotations', headers: as(tech) });
    expect(start.statusCode).toBe(403);
    expect(start.json().error.message).toBe('Only an organisation administrator can rotate the encryption keys');
    const admin = await signInAs(h.world, h.world.users.mspAdmin);
    const missing = await h.world.app.inject({
      method: 'GET',
      url: '/api/v1/key-rotations/00000000-0000-4000-8000-000000000000',
      headers: as(admin),
    });
    expect(missing.statusCode).toBe(404);
    const bad = await h.world.app.inject({ method: 'GET', url: '/api/v1/key-rotations/nope', headers: as(admin) });
    expect(bad.statusCode).toBe(400);
  });

  test('an organisation administrator starts it, follows it, and is emailed when it finishes', async () => {
    const admin = h.world.users.mspAdmin;
    const underOld = (await keyStatus(db())).reduce((n, c) => n + (c.byKey[h.world.keyring.currentId] ?? 0), 0);
    expect(underOld).toBeGreaterThan(0); // the world's TOTP secrets at least

    const session = await signInAs(h.world, admin);
    const started = await h.world.app.inject({ method: 'POST', url: '/api/v1/key-rotations', headers: as(session) });
    expect(started.statusCode, started.body).toBe(202);
    const { id, status, startedBy } = started.json();
    expect([status, startedBy]).toEqual(['queued', admin.id]);

    const read = () => h.world.app.inject({ method: 'GET', url: `/api/v1/key-rotations/${id}`, headers: as(session) });
    await waitFor(async () => (await read()).json().status === 'succeeded', { what: 'the rotation to finish' });
    const done = (await read()).json();
    expect(done).toMatchObject({ keyId: 'next', reencrypted: underOld, remaining: 0, error: null });
    const after = await keyStatus(db());
    expect(after.every((c) => Object.keys(c.byKey).every((k) => k === 'next'))).toBe(true);

    await waitFor(() => mailTo(admin.email).length === 1, { what: 'the finished email' });
    const mail = mailTo(admin.email)[0]!;
    expect(mail.subject).toBe('Encryption key rotation finished');
    expect(mail.text).toContain(
      `${underOld} values were re-encrypted under the current key. No value is left under an older key.`,
    );
    expect(mail.text).toContain(`See the details: ${noticePublicUrl}/system/jobs?rotation=${id}`);
    // Also in Account > Notices; nobody else was told.
    const mine = await db().db.select().from(notices).where(eq(notices.event, 'account.job_finished'));
    expect(mine.map((n) => [n.recipient, n.practiceId])).toEqual([[admin.email, null]]);
  });

  test('a failed rotation tells its starter the error', async () => {
    const admin = h.world.users.otherAdmin;
    // A rotation recorded without its queued job, run by hand by a worker whose keyring lacks
    // the key the values are under: it cannot decrypt them.
    const id = '6f1c3d2e-0000-4000-8000-000000000001';
    await db()
      .db.insert(keyRotations)
      .values({ id, startedBy: admin.id, startedAt: h.world.clock.now(), status: 'queued' });
    const lost: Keyring = { currentId: 'lost', keys: new Map([['lost', randomBytes(32)]]) };
    const handler = keyRotationHandler({ database: db(), keyring: lost, clock: h.world.clock, queue: queue() });
    await handler(
      { rotationId: id, link: `${noticePublicUrl}/system/jobs?rotation=${id}` },
      { id: 'by-hand', retryCount: 0 },
    );

    const [row] = await db().db.select().from(keyRotations).where(eq(keyRotations.id, id));
    expect(row).toMatchObject({ status: 'failed', reencrypted: 0, remaining: null });
    expect(row?.error).toMatch(/^[a-z_]+\.[a-z_]+ of [a-z_]+ /); // names the table.column and row it stopped at
    await waitFor(() => mailTo(admin.email).length === 1, { what: 'the failed email' });
    const mail = mailTo(admin.email)[0]!;
    expect(mail.subject).toBe('Encryption key rotation failed');
    expect(mail.text).toContain('It stopped after re-encrypting 0 values. The error: ');

    // Run again (a retried job): an ended rotation does nothing and tells nobody again.
    await handler({ rotationId: id, link: 'https://x.example/' }, { id: 'again', retryCount: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(mailTo(admin.email)).toHaveLength(1);
  });
});
