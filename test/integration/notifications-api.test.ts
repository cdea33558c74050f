import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parse } from 'yaml';
import { newId } from '../../src/core/ids.ts';
import { jobWorker } from '../../src/core/jobs/job-type.ts';
import { JobQueue } from '../../src/core/jobs/queue.ts';
import { deliverHandler, deliverNotice } from '../../src/notify/jobs.ts';
import { noticeListSchema, preferenceListSchema } from '../../src/notify/schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { waitFor } from '../support/wait-for.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

const dental = parse(
  readFileSync(path.join(import.meta.dirname, '..', '..', 'examples', 'dental-4-no-it.yaml'), 'utf8'),
) as Record<string, unknown>;

describeEachEngine('notifications API', (db, _engine, postgresUrl) => {
  let queue: JobQueue;
  let world: World;
  let msp: SignedIn;
  let practice: SignedIn;
  let staff: SignedIn;

  beforeAll(async () => {
    queue = await JobQueue.open(db(), {
      postgresUrl: postgresUrl(),
      types: [deliverNotice],
      supervise: true,
      pollingIntervalSeconds: 0.5,
    });
    world = await buildWorld(db(), { jobs: queue });
    // No SMTP server: notices go to the outbox.
    await queue.work([
      jobWorker(deliverNotice, deliverHandler({ db: db().db, mailer: undefined, clock: world.clock })),
    ]);
    msp = await signInAs(world, world.users.mspAdmin);
    practice = await signInAs(world, world.users.practiceAdmin);
    staff = await signInAs(world, world.users.staff);
  });
  afterAll(async () => queue?.stop());

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, session: SignedIn, payload?: object) =>
    world.app.inject({ method, url, headers: as(session), ...(payload ? { payload } : {}) });

  test('without SMTP, the practice administrator reads the proposal email in the outbox; staff may not', async () => {
    const a = world.practices.a;
    const run = (
      await call('POST', `/api/v1/practices/${a}/assessments`, msp, { profile: dental, seed: 3, iterations: 1000 })
    ).json();
    expect(
      (
        await call('POST', `/api/v1/practices/${a}/matrix/versions`, msp, {
          source: { kind: 'assessment', assessmentId: run.id },
        })
      ).statusCode,
    ).toBe(201);
    expect((await call('POST', `/api/v1/practices/${a}/matrix/versions/1/propose`, msp, {})).statusCode).toBe(200);
    const outbox = async () =>
      noticeListSchema.parse((await call('GET', `/api/v1/practices/${a}/notices?status=outbox`, practice)).json())
        .notices;
    await waitFor(async () => (await outbox()).length === 1, { what: 'the notice in the outbox' });
    const [notice] = await outbox();
    expect(notice).toMatchObject({
      event: 'matrix.proposed',
      recipient: 'manager@alder.example',
      subject: 'Alder Family Medicine: responsibility matrix version 1 proposed for agreement',
      status: 'outbox',
      attempts: 1,
    });
    // Paged like every list (docs/api.md): one notice, the last page, so no next cursor.
    const firstPage = noticeListSchema.parse(
      (await call('GET', `/api/v1/practices/${a}/notices?limit=1`, practice)).json(),
    );
    expect(firstPage).toMatchObject({ notices: [{ event: 'matrix.proposed' }], next: null });
    expect((await call('GET', `/api/v1/practices/${a}/notices?limit=101`, practice)).statusCode).toBe(400);
    expect((await call('GET', `/api/v1/practices/${a}/notices?cursor=nonsense`, practice)).statusCode).toBe(400);
    expect((await call('GET', `/api/v1/practices/${a}/notices`, staff)).statusCode).toBe(403);
    const bad = await call('GET', `/api/v1/practices/${a}/notices?status=lost`, practice);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toMatch(/status/);
  });

  test('a person chooses per event; invitations cannot be turned off; bad choices are named', async () => {
    const url = '/api/v1/account/notification-preferences';
    const initial = preferenceListSchema.parse((await call('GET', url, practice)).json()).preferences;
    expect(initial.find((p) => p.event === 'matrix.proposed')).toEqual({
      event: 'matrix.proposed',
      channel: 'email',
      cadence: 'immediate',
      required: false,
    });
    const changed = await call('PUT', `${url}/matrix.proposed`, practice, { channel: 'email', cadence: 'daily' });
    expect(changed.statusCode).toBe(200);
    expect(
      preferenceListSchema.parse(changed.json()).preferences.find((p) => p.event === 'matrix.proposed')?.cadence,
    ).toBe('daily');
    const required = await call('PUT', `${url}/account.invited`, practice, { channel: 'none', cadence: 'immediate' });
    expect(required.statusCode).toBe(400);
    expect(
      (await call('PUT', `${url}/matrix.proposed`, practice, { channel: 'sms', cadence: 'daily' })).statusCode,
    ).toBe(400);
    expect((await call('PUT', `${url}/no.such`, practice, { channel: 'none', cadence: 'daily' })).statusCode).toBe(400);
  });

  test('dead jobs are for organisation administrators; retrying one that is not dead is a 404', async () => {
    expect((await call('GET', '/api/v1/jobs/dead', practice)).statusCode).toBe(403);
    const list = await call('GET', '/api/v1/jobs/dead', msp);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ jobs: [], next: null });
    expect((await call('GET', '/api/v1/jobs/dead?limit=0', msp)).statusCode).toBe(400);
    expect((await call('POST', `/api/v1/jobs/dead/notify.deliver/${newId()}/retry`, msp, {})).statusCode).toBe(404);
    expect((await call('POST', '/api/v1/jobs/dead/notify.deliver/not-a-uuid/retry', msp, {})).statusCode).toBe(400);
  });
});
