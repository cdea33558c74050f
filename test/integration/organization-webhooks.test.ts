/**
 * Organisation webhooks on both engines: an MSP's administrator registers one webhook that hears
 * every practice the MSP serves (the body names the practice), signed like a practice's, with the
 * same test event, redelivery, rotation overlap and SSRF rules. A practice's administrator never
 * sees it or its deliveries; another organisation's ids are 404; once the MSP no longer serves a
 * practice, none of that practice's events reach it, not even a retry queued before.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { auditLog } from '../../src/core/audit/tables.ts';
import { JobQueue } from '../../src/core/jobs/queue.ts';
import { newId } from '../../src/core/ids.ts';
import { practices } from '../../src/core/tenancy/tables.ts';
import { withOrganization, withTenant } from '../../src/core/tenancy/with-tenant.ts';
import { users } from '../../src/core/identity/tables.ts';
import { deliverWebhookHandler, fanOut } from '../../src/webhooks/delivery.ts';
import { deliveryPageSchema, webhookPageSchema, webhookWithSecretSchema } from '../../src/webhooks/schema.ts';
import { webhookDeliveries, webhooks } from '../../src/webhooks/tables.ts';
import { describeEachEngine } from '../support/databases.ts';
import { waitFor } from '../support/wait-for.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';
import { dentalProfile, startWebhookWorld, type WebhookWorld } from '../support/webhook-world.ts';
import { as, signInAs, type SignedIn, type World } from '../support/world.ts';

const base = '/api/v1/organization/webhooks';
const agreed = (practiceName: string) => ({
  practiceName,
  version: 2,
  by: 'practice' as const,
  byName: 'manager@example.com',
  inForce: true,
  url: 'https://tandem.example.com/responsibilities',
});

describeEachEngine('organisation webhooks', (db, _engine, postgresUrl) => {
  let harness: WebhookWorld;
  let queue: JobQueue;
  let world: World;
  let receiver: WebhookReceiver;
  let msp: SignedIn;
  let practiceAdmin: SignedIn;
  let other: SignedIn;
  let mspOrganization: string;
  let otherOrganization: string;

  beforeAll(async () => {
    harness = await startWebhookWorld(db(), postgresUrl());
    ({ queue, world, receiver } = harness);
    msp = await signInAs(world, world.users.mspAdmin);
    practiceAdmin = await signInAs(world, world.users.practiceAdmin);
    other = await signInAs(world, world.users.otherAdmin);
    const organizationOf = async (userId: string) =>
      (await db().db.select().from(users).where(eq(users.id, userId)))[0]!.organizationId;
    mspOrganization = await organizationOf(world.users.mspAdmin.id);
    otherOrganization = await organizationOf(world.users.otherAdmin.id);
  }, 120_000);
  afterAll(async () => {
    await harness?.stop();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, session: SignedIn, payload?: object) =>
    world.app.inject({ method, url, headers: as(session), ...(payload ? { payload } : {}) });

  async function createHook(session: SignedIn = msp, payload: object = {}) {
    const reply = await call('POST', base, session, {
      url: receiver.url,
      events: ['matrix.proposed', 'matrix.agreed'],
      allowPrivateTargets: true,
      ...payload,
    });
    expect(reply.statusCode, reply.body).toBe(201);
    return webhookWithSecretSchema.parse(reply.json());
  }

  const deliveries = async (webhookId: string, session: SignedIn = msp) =>
    deliveryPageSchema.parse((await call('GET', `${base}/${webhookId}/deliveries`, session)).json()).deliveries;

  async function settled(webhookId: string, deliveryId: string) {
    let found: Awaited<ReturnType<typeof deliveries>>[number] | undefined;
    await waitFor(
      async () => {
        found = (await deliveries(webhookId)).find((d) => d.id === deliveryId);
        return found !== undefined && found.status !== 'pending';
      },
      { what: `delivery ${deliveryId} finished` },
    );
    return found!;
  }

  /** A practice's event, told the way notify() tells it: in the practice's transaction. */
  const tell = (practiceId: string, practiceName: string, sender = { queue, clock: world.clock }) =>
    withTenant(db().db, practiceId, (tx) => fanOut(tx, sender, practiceId, 'matrix.agreed', agreed(practiceName)));

  test('a proposal in a served practice reaches the organisation webhook, naming the practice', async () => {
    const { secret, webhook } = await createHook();
    const a = world.practices.a;
    const run = (
      await call('POST', `/api/v1/practices/${a}/assessments`, msp, {
        profile: dentalProfile,
        seed: 3,
        iterations: 1000,
      })
    ).json();
    const draft = await call('POST', `/api/v1/practices/${a}/matrix/versions`, msp, {
      source: { kind: 'assessment', assessmentId: run.id },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const proposed = await call('POST', `/api/v1/practices/${a}/matrix/versions/1/propose`, msp, {});
    expect(proposed.statusCode, proposed.body).toBe(200);
    await waitFor(async () => (await deliveries(webhook.id)).some((d) => d.status === 'succeeded'), {
      what: 'the proposal delivered to the organisation',
    });
    const [delivery] = await deliveries(webhook.id);
    expect(delivery).toMatchObject({
      event: 'matrix.proposed',
      practiceId: a,
      practiceName: 'Alder Family Medicine',
      status: 'succeeded',
    });
    expect(await deliveries(webhook.id)).toHaveLength(1);
    const [got] = receiver.forDelivery(delivery!.id);
    expect(WebhookReceiver.verifies(secret, got!)).toBe(true);
    expect(got!.headers['tandem-webhook-id']).toBe(webhook.id);
    expect(JSON.parse(got!.body)).toMatchObject({
      type: 'matrix.proposed',
      practiceId: a,
      data: { practiceName: 'Alder Family Medicine', version: 1 },
    });

    // Practice B, also served, is heard too; practice C (another organisation's) is not.
    await tell(world.practices.b, 'Birch Pediatrics');
    await tell(world.practices.c, 'Lakeside Dental');
    // (The test clock stands still, so deliveries are found by practice, not by their order.)
    await waitFor(async () => (await deliveries(webhook.id)).length === 2, { what: "practice B's event" });
    const fromB = (await deliveries(webhook.id)).find((d) => d.practiceId === world.practices.b);
    expect(fromB).toMatchObject({ event: 'matrix.agreed', practiceName: 'Birch Pediatrics' });
    expect((await settled(webhook.id, fromB!.id)).status).toBe('succeeded');
    expect(JSON.parse(receiver.forDelivery(fromB!.id)[0]!.body)).toMatchObject({
      practiceId: world.practices.b,
      data: { practiceName: 'Birch Pediatrics' },
    });
    expect((await deliveries(webhook.id)).map((d) => d.practiceId)).not.toContain(world.practices.c);
  });

  test('test event, retry after a 500, redelivery and a rotation overlap work as for a practice', async () => {
    const { secret, webhook } = await createHook();
    receiver.script = [500];
    const sent = await call('POST', `${base}/${webhook.id}/test`, msp);
    expect(sent.statusCode, sent.body).toBe(202);
    const { id, eventId } = sent.json() as { id: string; eventId: string };
    const done = await settled(webhook.id, id);
    expect(done.status).toBe('succeeded');
    expect(done.practiceId).toBeNull();
    expect(done.attempts.map((a) => a.statusCode)).toEqual([500, 200]);
    const got = receiver.forDelivery(id);
    expect(got.every((r) => WebhookReceiver.verifies(secret, r))).toBe(true);
    expect(JSON.parse(got[0]!.body)).toMatchObject({
      id: eventId,
      type: 'webhook.test',
      practiceId: null,
      data: { message: 'A test event sent from Tandem by admin@harbor.example' },
    });

    const again = await call('POST', `${base}/${webhook.id}/deliveries/${id}/redeliver`, msp);
    expect(again.statusCode, again.body).toBe(202);
    const redelivery = again.json() as { id: string; eventId: string };
    expect(redelivery.eventId).toBe(eventId);
    await settled(webhook.id, redelivery.id);
    expect(receiver.forDelivery(redelivery.id)[0]!.body).toBe(got[0]!.body);

    const rotated = await call('POST', `${base}/${webhook.id}/rotate-secret`, msp, { overlapHours: 24 });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { secret: next } = webhookWithSecretSchema.parse(rotated.json());
    const during = (await call('POST', `${base}/${webhook.id}/test`, msp)).json() as { id: string };
    await settled(webhook.id, during.id);
    const [signed] = receiver.forDelivery(during.id);
    expect(String(signed!.headers['tandem-signature']).split(' ')).toHaveLength(2);
    expect(WebhookReceiver.verifies(secret, signed!)).toBe(true);
    expect(WebhookReceiver.verifies(next, signed!)).toBe(true);

    // Audited at organisation level: no practice, the organisation in the details, never a secret.
    const audited = await db()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, webhook.id), isNull(auditLog.practiceId)));
    expect(audited.map((r) => r.action).sort()).toEqual([
      'webhook.created',
      'webhook.redelivered',
      'webhook.secret_rotated',
      'webhook.test_sent',
      'webhook.test_sent',
    ]);
    expect(audited.every((r) => (r.details as { organizationId?: string }).organizationId === mspOrganization)).toBe(
      true,
    );
    expect(JSON.stringify(audited)).not.toContain(next);
  });

  test("a practice's administrator never sees the organisation's webhooks or their deliveries", async () => {
    const { webhook } = await createHook();
    await tell(world.practices.a, 'Alder Family Medicine');
    await waitFor(async () => (await deliveries(webhook.id)).length > 0, { what: 'a delivery to the organisation' });

    // Not an organisation administrator: the organisation routes refuse, whatever the id.
    expect((await call('GET', base, practiceAdmin)).statusCode).toBe(403);
    expect((await call('GET', `${base}/${webhook.id}/deliveries`, practiceAdmin)).statusCode).toBe(403);
    // The practice's own routes do not know the organisation's webhook, even for the MSP's administrator.
    const inA = `/api/v1/practices/${world.practices.a}/webhooks`;
    for (const session of [msp, practiceAdmin]) {
      const listed = webhookPageSchema.parse((await call('GET', inA, session)).json()).webhooks;
      expect(listed.map((w) => w.id)).not.toContain(webhook.id);
      expect((await call('GET', `${inA}/${webhook.id}`, session)).statusCode).toBe(404);
      expect((await call('GET', `${inA}/${webhook.id}/deliveries`, session)).statusCode).toBe(404);
    }
    // Nor does the database, in the practice's transaction (row-level security).
    const seen = await withTenant(db().db, world.practices.a, async (tx) => ({
      hooks: await tx.select().from(webhooks).where(eq(webhooks.id, webhook.id)),
      deliveries: await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhook.id)),
    }));
    expect(seen).toEqual({ hooks: [], deliveries: [] });
  });

  test("another organisation's ids are 404; tokens and bad input are refused with the reason", async () => {
    const { webhook } = await createHook();
    const one = `${base}/${webhook.id}`;
    const delivery = (await call('POST', `${one}/test`, msp)).json() as { id: string };
    for (const [method, url, payload] of [
      ['GET', one],
      ['PATCH', one, { active: false }],
      ['POST', `${one}/rotate-secret`],
      ['POST', `${one}/test`],
      ['GET', `${one}/deliveries`],
      ['POST', `${one}/deliveries/${delivery!.id}/redeliver`],
      ['DELETE', one],
    ] as const) {
      const reply = await call(method, url, other, payload);
      expect(reply.statusCode, `${method} ${url}`).toBe(404);
      expect(reply.json().error.message).toBe('No webhook with that id in this organisation');
    }
    const theirs = webhookPageSchema.parse((await call('GET', base, other)).json()).webhooks;
    expect(theirs.map((w) => w.id)).not.toContain(webhook.id);
    expect((await call('GET', one, msp)).json().active).toBe(true);
    // A delivery of another webhook is not this webhook's to redeliver.
    const mine = await createHook();
    expect(
      (await call('POST', `${base}/${mine.webhook.id}/deliveries/${delivery!.id}/redeliver`, msp)).statusCode,
    ).toBe(404);

    const token = await call('POST', `/api/v1/practices/${world.practices.a}/api-tokens`, msp, {
      name: 'PSA agent',
      permissions: ['practice.read', 'tokens.manage'],
      expiresInDays: 30,
    });
    const bearer = { authorization: `Bearer ${token.json().token as string}` };
    expect((await world.app.inject({ method: 'GET', url: base, headers: bearer })).statusCode).toBe(403);

    const cases: [object, string][] = [
      [{ url: 'not a url', events: ['matrix.agreed'] }, 'body.url'],
      [{ url: 'https://10.1.2.3/hook', events: ['matrix.agreed'] }, 'body.url'],
      [{ url: 'http://hooks.example.com/x', events: ['matrix.agreed'] }, 'body.url'],
      [{ url: 'https://hooks.example.com/x', events: ['account.invited'] }, 'body.events.0'],
      [{ url: 'https://hooks.example.com/x', events: [] }, 'body.events'],
      [{ url: 'https://hooks.example.com/x', events: ['matrix.agreed'], practiceId: world.practices.a }, 'body'],
    ];
    for (const [payload, where] of cases) {
      const reply = await call('POST', base, msp, payload);
      expect(reply.statusCode, JSON.stringify(payload)).toBe(400);
      expect(reply.json().error.details.map((d: { path: string }) => d.path)).toContain(where);
    }
    expect((await call('GET', `${base}/not-a-uuid`, msp)).statusCode).toBe(400);
    expect((await call('PATCH', `${base}/${newId()}`, msp, {})).statusCode).toBe(400);
    expect((await call('GET', `${base}/${newId()}`, msp)).statusCode).toBe(404);
    expect((await call('POST', `${one}/rotate-secret`, msp, { overlapHours: 169 })).statusCode).toBe(400);
  });

  test('an organisation stops hearing a practice the moment it no longer serves it, retries included', async () => {
    const { webhook } = await createHook();
    const { secret: theirSecret, webhook: theirs } = await createHook(other);
    const b = world.practices.b;
    // An event of B recorded while the MSP serves it, its job not run yet (a queue that only records).
    const sent: string[] = [];
    const recording = {
      send: (_type: unknown, data: { deliveryId: string }) => Promise.resolve(void sent.push(data.deliveryId)),
    } as unknown as JobQueue;
    await tell(b, 'Birch Pediatrics', { queue: recording, clock: world.clock });
    const [pending] = await withOrganization(db().db, mspOrganization, (tx) =>
      tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhook.id)),
    );
    expect(pending).toMatchObject({ practiceId: b, status: 'pending' });
    expect(sent).toContain(pending!.id);

    // B moves to the other organisation.
    await db().db.update(practices).set({ organizationId: otherOrganization }).where(eq(practices.id, b));
    try {
      const handler = deliverWebhookHandler({ db: db().db, keyring: world.keyring, clock: world.clock, queue });
      await handler({ deliveryId: pending!.id }, { id: 'x', retryCount: 0 });
      const [withheld] = await deliveries(webhook.id);
      // The log keeps the practice's id but no longer shows its name to the organisation.
      expect(withheld).toMatchObject({ id: pending!.id, practiceId: b, practiceName: null, status: 'failed' });
      expect(withheld!.attempts.map((a) => a.error)).toEqual([
        'not sent: the organisation no longer serves the practice',
      ]);
      expect(receiver.forDelivery(pending!.id)).toEqual([]);

      // B's next event goes to its new organisation's webhook, and no longer to the MSP's.
      await tell(b, 'Birch Pediatrics');
      await waitFor(async () => (await deliveries(theirs.id, other)).some((d) => d.status === 'succeeded'), {
        what: "B's event at its new organisation",
      });
      const [atTheirs] = await deliveries(theirs.id, other);
      expect(atTheirs).toMatchObject({ practiceId: b, practiceName: 'Birch Pediatrics', event: 'matrix.agreed' });
      expect(WebhookReceiver.verifies(theirSecret, receiver.forDelivery(atTheirs!.id)[0]!)).toBe(true);
      expect((await deliveries(webhook.id)).map((d) => d.id)).toEqual([pending!.id]);
    } finally {
      await db().db.update(practices).set({ organizationId: mspOrganization }).where(eq(practices.id, b));
    }
  });
});
