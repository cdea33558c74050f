/**
 * Webhooks end to end on both engines: a real receiver on 127.0.0.1 checks every signature, sees
 * a retry after answering 500 and none after a 4xx; targets on private addresses are refused
 * unless allowed; another practice's ids are 404; bad input is named; the secret never comes back.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { auditLog } from '../../src/core/audit/tables.ts';
import { isEncrypted } from '../../src/core/crypto/field-encryption.ts';
import { JobQueue } from '../../src/core/jobs/queue.ts';
import { newId } from '../../src/core/ids.ts';
import { withTenant } from '../../src/core/tenancy/with-tenant.ts';
import { deliverWebhookHandler, fanOut } from '../../src/webhooks/delivery.ts';
import { deliveryPageSchema, webhookWithSecretSchema } from '../../src/webhooks/schema.ts';
import { webhookAttempts, webhookDeliveries, webhooks } from '../../src/webhooks/tables.ts';
import { addDelivery } from '../../src/webhooks/store.ts';
import { describeEachEngine } from '../support/databases.ts';
import { waitFor } from '../support/wait-for.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';
import { dentalProfile, startWebhookWorld, type WebhookWorld } from '../support/webhook-world.ts';
import { as, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('webhooks', (db, _engine, postgresUrl) => {
  let harness: WebhookWorld;
  let queue: JobQueue;
  let world: World;
  let receiver: WebhookReceiver;
  let msp: SignedIn;
  let staff: SignedIn;
  let other: SignedIn;

  beforeAll(async () => {
    harness = await startWebhookWorld(db(), postgresUrl());
    ({ queue, world, receiver } = harness);
    msp = await signInAs(world, world.users.mspAdmin);
    staff = await signInAs(world, world.users.staff);
    other = await signInAs(world, world.users.otherAdmin);
  }, 120_000);
  afterAll(async () => {
    await harness?.stop();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, session: SignedIn, payload?: object) =>
    world.app.inject({ method, url, headers: as(session), ...(payload ? { payload } : {}) });
  const base = () => `/api/v1/practices/${world.practices.a}/webhooks`;

  async function createHook(payload: object = {}) {
    const reply = await call('POST', base(), msp, {
      url: receiver.url,
      events: ['matrix.proposed'],
      allowPrivateTargets: true,
      ...payload,
    });
    expect(reply.statusCode, reply.body).toBe(201);
    return webhookWithSecretSchema.parse(reply.json());
  }

  const deliveries = async (webhookId: string) =>
    deliveryPageSchema.parse((await call('GET', `${base()}/${webhookId}/deliveries`, msp)).json()).deliveries;

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

  /** Moves the injected clock forward; the sessions expired meanwhile, so everyone signs in again. */
  async function moveClockTo(at: Date) {
    world.clock.set(at);
    msp = await signInAs(world, world.users.mspAdmin);
    staff = await signInAs(world, world.users.staff);
    other = await signInAs(world, world.users.otherAdmin);
  }

  /** Sends a test event, waits for it to succeed, and returns what the receiver got. */
  async function testDelivery(webhookId: string) {
    const sent = await sendTest(webhookId);
    expect((await settled(webhookId, sent.id)).status).toBe('succeeded');
    const [got] = receiver.forDelivery(sent.id);
    return got!;
  }

  const entries = (got: { headers: Record<string, unknown> }) => String(got.headers['tandem-signature']).split(' ');
  const signatureEntries = (got: { headers: Record<string, unknown> }) => entries(got).length;

  async function sendTest(webhookId: string) {
    const reply = await call('POST', `${base()}/${webhookId}/test`, msp);
    expect(reply.statusCode, reply.body).toBe(202);
    return reply.json() as { id: string; eventId: string };
  }

  test('a test event is signed; after a 500 it is retried and succeeds; the log shows both attempts', async () => {
    const { secret, webhook } = await createHook();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    receiver.script = [500];
    const sentAt = world.clock.now().toISOString();
    const sent = await sendTest(webhook.id);
    const done = await settled(webhook.id, sent.id);
    expect(done.status).toBe('succeeded');
    expect(done.attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, null],
      [2, 200, null],
    ]);
    // The answer's control characters come back escaped, not raw.
    expect(done.attempts[0]!.responseExcerpt).toBe('answer 500\\u000d\\u000aline two\\u0007');
    expect(done.attempts.every((a) => a.latencyMs >= 0)).toBe(true);

    const got = receiver.forDelivery(sent.id);
    expect(got).toHaveLength(2);
    for (const r of got) {
      expect(WebhookReceiver.verifies(secret, r)).toBe(true);
      expect(r.headers['tandem-webhook-id']).toBe(webhook.id);
      expect(r.headers['tandem-event']).toBe('webhook.test');
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(got[0]!.body).toBe(got[1]!.body);
    expect(JSON.parse(got[0]!.body)).toEqual({
      id: sent.eventId,
      type: 'webhook.test',
      createdAt: sentAt,
      practiceId: world.practices.a,
      data: { message: 'A test event sent from Tandem by admin@harbor.example' },
    });
    // A wrong secret does not verify.
    expect(WebhookReceiver.verifies(`${secret}x`, got[0]!)).toBe(false);
  });

  test('a 4xx answer is final: one attempt, failed; redelivery is a new delivery of the same event', async () => {
    const { secret, webhook } = await createHook();
    receiver.script = [404];
    const sent = await sendTest(webhook.id);
    const done = await settled(webhook.id, sent.id);
    expect(done.status).toBe('failed');
    expect(done.attempts.map((a) => a.statusCode)).toEqual([404]);

    const again = await call('POST', `${base()}/${webhook.id}/deliveries/${sent.id}/redeliver`, msp);
    expect(again.statusCode, again.body).toBe(202);
    const redelivery = again.json() as { id: string; eventId: string };
    expect(redelivery.id).not.toBe(sent.id);
    expect(redelivery.eventId).toBe(sent.eventId);
    expect((await settled(webhook.id, redelivery.id)).status).toBe('succeeded');
    const [first] = receiver.forDelivery(sent.id);
    const [second] = receiver.forDelivery(redelivery.id);
    expect(second!.body).toBe(first!.body);
    expect(WebhookReceiver.verifies(secret, second!)).toBe(true);

    const audited = await withTenant(db().db, world.practices.a, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.targetId, webhook.id)),
    );
    expect(audited.map((r) => r.action).sort()).toEqual([
      'webhook.created',
      'webhook.redelivered',
      'webhook.test_sent',
    ]);
    expect((await call('POST', `${base()}/${webhook.id}/deliveries/${newId()}/redeliver`, msp)).statusCode).toBe(404);
  });

  test('a proposed matrix version reaches the webhooks that chose it, with no patient data', async () => {
    const chose = await createHook({ events: ['matrix.proposed', 'matrix.agreed'] });
    const other = await createHook({ events: ['matrix.superseded'] });
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
    expect(draft.statusCode).toBe(201);
    expect((await call('POST', `/api/v1/practices/${a}/matrix/versions/1/propose`, msp, {})).statusCode).toBe(200);
    await waitFor(async () => (await deliveries(chose.webhook.id)).some((d) => d.status === 'succeeded'), {
      what: 'the proposal delivered',
    });
    const [delivery] = await deliveries(chose.webhook.id);
    const body = JSON.parse(receiver.forDelivery(delivery!.id)[0]!.body);
    expect(body).toMatchObject({
      type: 'matrix.proposed',
      practiceId: a,
      data: { practiceName: 'Alder Family Medicine', version: 1, by: 'msp', byName: 'admin@harbor.example' },
    });
    expect(Object.keys(body.data).sort()).toEqual(['by', 'byName', 'practiceName', 'url', 'version']);
    expect(await deliveries(other.webhook.id)).toEqual([]);
  });

  test('private and reserved targets are refused unless allowed, also by name at connect time', async () => {
    for (const url of [
      'https://10.1.2.3/hook',
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[fd00:ec2::254]/hook',
    ]) {
      const reply = await call('POST', base(), msp, { url, events: ['matrix.agreed'] });
      expect(reply.statusCode, url).toBe(400);
      expect(reply.json().error.details[0]).toMatchObject({ path: 'body.url' });
      expect(reply.json().error.details[0].message).toMatch(/private or reserved/);
    }
    // A name passes when saved; its address is refused when the delivery connects, and not retried.
    const port = new URL(receiver.url).port;
    const { webhook } = await createHook({ url: `https://localhost:${port}/hook`, allowPrivateTargets: false });
    const before = receiver.received.length;
    const sent = await sendTest(webhook.id);
    const done = await settled(webhook.id, sent.id);
    expect(done.status).toBe('failed');
    expect(done.attempts).toHaveLength(1);
    expect(done.attempts[0]!.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1)/);
    expect(receiver.received.length).toBe(before);
    // Plain http needs the allowance too.
    const plain = await call('POST', base(), msp, { url: 'http://hooks.example.com/x', events: ['matrix.agreed'] });
    expect(plain.statusCode).toBe(400);
    expect(plain.json().error.details[0].message).toMatch(/https/);
  });

  test('the secret is never returned again; rotation without overlap gives a new one that alone signs', async () => {
    const { secret, webhook } = await createHook();
    const one = await call('GET', `${base()}/${webhook.id}`, msp);
    const list = await call('GET', base(), msp);
    for (const reply of [one, list]) {
      expect(reply.statusCode).toBe(200);
      expect(reply.body).not.toContain(secret);
      expect(reply.body).not.toContain('secret');
    }
    const [row] = await db().db.select().from(webhooks).where(eq(webhooks.id, webhook.id));
    expect(isEncrypted(row!.secret)).toBe(true);

    const rotated = await call('POST', `${base()}/${webhook.id}/rotate-secret`, msp, { overlapHours: 0 });
    expect(rotated.statusCode).toBe(200);
    const { secret: next, webhook: after } = webhookWithSecretSchema.parse(rotated.json());
    expect(next).not.toBe(secret);
    expect(after.previousSecretExpiresAt).toBeNull();
    const got = await testDelivery(webhook.id);
    expect(signatureEntries(got)).toBe(1);
    expect(WebhookReceiver.verifies(next, got)).toBe(true);
    expect(WebhookReceiver.verifies(secret, got)).toBe(false);
  });

  test("during a rotation's overlap both secrets sign, the new first; after it only the new one", async () => {
    const { secret: old, webhook } = await createHook();
    const rotatedAt = world.clock.now().getTime();
    // An empty body takes the default overlap: 24 hours.
    const rotated = await call('POST', `${base()}/${webhook.id}/rotate-secret`, msp);
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { secret: next, webhook: shown } = webhookWithSecretSchema.parse(rotated.json());
    const overlapEnd = new Date(rotatedAt + 24 * 3600_000).toISOString();
    expect(shown.previousSecretExpiresAt).toBe(overlapEnd);
    expect((await call('GET', `${base()}/${webhook.id}`, msp)).json().previousSecretExpiresAt).toBe(overlapEnd);

    const during = await testDelivery(webhook.id);
    expect(signatureEntries(during)).toBe(2);
    expect(WebhookReceiver.verifies(old, during)).toBe(true);
    expect(WebhookReceiver.verifies(next, during)).toBe(true);
    // The new secret's entry comes first.
    const newOnly = { ...during, headers: { ...during.headers, 'tandem-signature': entries(during)[0] } };
    expect(WebhookReceiver.verifies(next, newOnly)).toBe(true);

    // One second before the end the old secret still signs; at the end it no longer does.
    // (Signing in again advances the clock 31 s a person, hence the margin before the exact times.)
    await moveClockTo(new Date(rotatedAt + 24 * 3600_000 - 120_000));
    world.clock.set(new Date(rotatedAt + 24 * 3600_000 - 1000));
    expect(WebhookReceiver.verifies(old, await testDelivery(webhook.id))).toBe(true);
    world.clock.set(new Date(rotatedAt + 24 * 3600_000));
    const after = await testDelivery(webhook.id);
    expect(signatureEntries(after)).toBe(1);
    expect(WebhookReceiver.verifies(old, after)).toBe(false);
    expect(WebhookReceiver.verifies(next, after)).toBe(true);
    expect((await call('GET', `${base()}/${webhook.id}`, msp)).json().previousSecretExpiresAt).toBeNull();

    const [audit] = await db()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'webhook.secret_rotated'), eq(auditLog.targetId, webhook.id)));
    expect(audit!.details).toMatchObject({ overlapHours: 24 });
    expect(JSON.stringify(audit!.details)).not.toContain(next);
  });

  test('a rotation during an overlap keeps only the secret it replaces; the overlap is 0 to 168 hours', async () => {
    const { secret: first, webhook } = await createHook();
    const rotate = (payload?: object) => call('POST', `${base()}/${webhook.id}/rotate-secret`, msp, payload);
    const second = webhookWithSecretSchema.parse((await rotate({ overlapHours: 168 })).json());
    expect(second.webhook.previousSecretExpiresAt).toBe(
      new Date(world.clock.now().getTime() + 168 * 3600_000).toISOString(),
    );
    const third = webhookWithSecretSchema.parse((await rotate({ overlapHours: 1 })).json()).secret;
    const got = await testDelivery(webhook.id);
    expect(signatureEntries(got)).toBe(2);
    expect(WebhookReceiver.verifies(third, got)).toBe(true);
    expect(WebhookReceiver.verifies(second.secret, got)).toBe(true);
    expect(WebhookReceiver.verifies(first, got)).toBe(false);

    for (const overlapHours of [-1, 169, 1.5, '24']) {
      const bad = await rotate({ overlapHours });
      expect(bad.statusCode, `${overlapHours}`).toBe(400);
      expect(bad.json().error.details[0].path).toBe('body.overlapHours');
    }
    const unknown = await rotate({ overlap: 2 });
    expect(unknown.statusCode).toBe(400);
  });

  test('edit, disable, page the log, delete', async () => {
    const { webhook } = await createHook();
    const patched = await call('PATCH', `${base()}/${webhook.id}`, msp, { events: ['matrix.agreed'], active: false });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ events: ['matrix.agreed'], active: false });
    // Turning the allowance off while the URL is plain http is refused, naming the URL.
    const unsafe = await call('PATCH', `${base()}/${webhook.id}`, msp, { allowPrivateTargets: false });
    expect(unsafe.statusCode).toBe(400);
    expect(unsafe.json().error.details[0].path).toBe('body.url');
    for (let i = 0; i < 2; i++) await settled(webhook.id, (await sendTest(webhook.id)).id);
    const page = deliveryPageSchema.parse(
      (await call('GET', `${base()}/${webhook.id}/deliveries?limit=1`, msp)).json(),
    );
    expect(page.deliveries).toHaveLength(1);
    expect(page.next).not.toBeNull();
    const rest = deliveryPageSchema.parse(
      (await call('GET', `${base()}/${webhook.id}/deliveries?limit=1&cursor=${page.next}`, msp)).json(),
    );
    expect(rest.deliveries).toHaveLength(1);
    expect(rest.deliveries[0]!.id).not.toBe(page.deliveries[0]!.id);
    expect(rest.next).toBeNull();
    expect((await call('GET', `${base()}/${webhook.id}/deliveries?cursor=nonsense`, msp)).statusCode).toBe(400);

    expect((await call('DELETE', `${base()}/${webhook.id}`, msp)).statusCode).toBe(204);
    expect((await call('GET', `${base()}/${webhook.id}`, msp)).statusCode).toBe(404);
    expect((await call('GET', `${base()}/${webhook.id}/deliveries`, msp)).statusCode).toBe(404);
    expect((await call('DELETE', `${base()}/${webhook.id}`, msp)).statusCode).toBe(404);
  });

  test("another practice's webhook ids are 404; staff may not manage webhooks", async () => {
    const { webhook } = await createHook();
    const inB = `/api/v1/practices/${world.practices.b}/webhooks/${webhook.id}`;
    const inC = `/api/v1/practices/${world.practices.c}/webhooks/${webhook.id}`;
    expect((await call('GET', inB, msp)).statusCode).toBe(404);
    expect((await call('PATCH', inB, msp, { active: false })).statusCode).toBe(404);
    expect((await call('POST', `${inB}/rotate-secret`, msp)).statusCode).toBe(404);
    expect((await call('POST', `${inB}/test`, msp)).statusCode).toBe(404);
    expect((await call('GET', `${inB}/deliveries`, msp)).statusCode).toBe(404);
    expect((await call('DELETE', inB, msp)).statusCode).toBe(404);
    expect((await call('GET', inC, other)).statusCode).toBe(404);
    expect((await call('GET', base(), staff)).statusCode).toBe(403);
    expect((await call('GET', `${base()}/${webhook.id}`, msp)).json().active).toBe(true);
  });

  test('an API token may manage webhooks but not aim one at private targets', async () => {
    const created = await call('POST', `/api/v1/practices/${world.practices.a}/api-tokens`, msp, {
      name: 'PSA agent',
      permissions: ['practice.read', 'tokens.manage'],
      expiresInDays: 30,
    });
    expect(created.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${created.json().token as string}` };
    const asToken = (method: 'POST' | 'PATCH', url: string, payload: object) =>
      world.app.inject({ method, url, headers: bearer, payload });
    const refused = await asToken('POST', base(), {
      url: receiver.url,
      events: ['matrix.agreed'],
      allowPrivateTargets: true,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details[0].path).toBe('body.allowPrivateTargets');
    const allowed = await asToken('POST', base(), { url: 'https://psa.example.com/hook', events: ['matrix.agreed'] });
    expect(allowed.statusCode).toBe(201);
    // A webhook a person allowed private targets for: the token cannot re-aim it, but may turn it off.
    const { webhook } = await createHook();
    const reaim = await asToken('PATCH', `${base()}/${webhook.id}`, { url: 'http://10.0.0.5/x' });
    expect(reaim.statusCode).toBe(403);
    expect((await asToken('PATCH', `${base()}/${webhook.id}`, { active: false })).statusCode).toBe(200);
  });

  test('bad input is refused with the field named; unicode descriptions are kept', async () => {
    const cases: [object, string][] = [
      [{ url: 'not a url', events: ['matrix.agreed'] }, 'body.url'],
      [{ url: 'ftp://hooks.example.com/x', events: ['matrix.agreed'] }, 'body.url'],
      [{ url: 'https://user:pw@hooks.example.com/x', events: ['matrix.agreed'] }, 'body.url'],
      [{ url: `https://hooks.example.com/${'a'.repeat(2000)}`, events: ['matrix.agreed'] }, 'body.url'],
      [{ url: 'https://hooks.example.com/x', events: ['no.such'] }, 'body.events.0'],
      [{ url: 'https://hooks.example.com/x', events: ['account.invited'] }, 'body.events.0'],
      [{ url: 'https://hooks.example.com/x', events: [] }, 'body.events'],
      [
        { url: 'https://hooks.example.com/x', events: ['matrix.agreed'], description: 'x'.repeat(501) },
        'body.description',
      ],
      [{ url: 'https://hooks.example.com/x', events: ['matrix.agreed'], secret: 'mine' }, 'body'],
    ];
    for (const [payload, where] of cases) {
      const reply = await call('POST', base(), msp, payload);
      expect(reply.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(reply.json().error.details.map((d: { path: string }) => d.path)).toContain(where);
    }
    const emptyPatch = await call('PATCH', `${base()}/${newId()}`, msp, {});
    expect(emptyPatch.statusCode).toBe(400);
    expect((await call('GET', `${base()}/not-a-uuid`, msp)).statusCode).toBe(400);
    const description = 'Zürich PSA — 東京 ✓ 🎉';
    const created = await call('POST', base(), msp, {
      url: 'https://hooks.example.com/tandem?x=1',
      events: ['matrix.agreed', 'matrix.agreed'],
      description,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().webhook).toMatchObject({
      description,
      events: ['matrix.agreed'],
      allowPrivateTargets: false,
    });
  });

  test('an attempt and its retry land together or not at all (a failing send in between)', async () => {
    const { webhook } = await createHook();
    // A delivery with no job queued, so only the handlers below run it.
    const body = {
      id: newId(),
      type: 'webhook.test',
      createdAt: new Date().toISOString(),
      practiceId: world.practices.a,
      data: {},
    };
    const delivery = await withTenant(db().db, world.practices.a, (tx) =>
      addDelivery(tx, { id: webhook.id, organizationId: null }, JSON.stringify(body), world.clock),
    );
    receiver.script = [500, 500];
    const failingQueue = { send: () => Promise.reject(new Error('queue down')) } as unknown as JobQueue;
    const crashing = deliverWebhookHandler({
      db: db().db,
      keyring: world.keyring,
      clock: world.clock,
      queue: failingQueue,
      retrySchedule: [1],
    });
    await expect(crashing({ deliveryId: delivery.id }, { id: 'x', retryCount: 0 })).rejects.toThrow('queue down');
    const attempts = () => db().db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery.id));
    expect(await attempts()).toEqual([]); // neither the attempt nor the retry
    const [row] = await db().db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery.id));
    expect([row?.status, row?.attempts]).toEqual(['pending', 0]);
    // With a working queue the attempt is recorded and its retry runs (the receiver then answers 500, then 200).
    const working = deliverWebhookHandler({
      db: db().db,
      keyring: world.keyring,
      clock: world.clock,
      queue,
      retrySchedule: [1, 1],
    });
    await working({ deliveryId: delivery.id }, { id: 'y', retryCount: 0 });
    await waitFor(async () => (await attempts()).length === 2, { what: 'the retried attempt' });
    expect((await attempts()).map((a) => a.statusCode).sort()).toEqual([200, 500]);
  });

  test('a Slack webhook gets a message and a Teams webhook a card, made from the event; the format can be changed', async () => {
    const { webhook: slack } = await createHook({ format: 'slack', events: ['monitor.down'] });
    expect(slack.format).toBe('slack');
    const since = new Date('2026-12-01T10:02:30Z');
    await withTenant(db().db, world.practices.a, (tx) =>
      fanOut(tx, { queue, clock: world.clock }, world.practices.a, 'monitor.down', {
        practiceName: 'Alder Family Medicine',
        checkName: 'EHR <portal>',
        since,
        reason: 'HTTP 503',
        onDuty: 'Harbor IT Partners',
        url: 'https://tandem.example/practice/monitoring/c1',
      }),
    );
    await waitFor(async () => (await deliveries(slack.id)).some((d) => d.status === 'succeeded'), {
      what: 'the Slack delivery',
    });
    const [delivered] = await deliveries(slack.id);
    const [got] = receiver.forDelivery(delivered!.id);
    expect(JSON.parse(got!.body)).toEqual({
      text: [
        '*Alder Family Medicine: EHR &lt;portal&gt; is down*',
        `The check "EHR &lt;portal&gt;" of Alder Family Medicine is down since ${since.toUTCString()}: HTTP 503.`,
        'An incident ticket is open on the IT desk for Harbor IT Partners.',
        '<https://tandem.example/practice/monitoring/c1|Open the check>',
      ].join('\n'),
    });

    const changed = await call('PATCH', `${base()}/${slack.id}`, msp, { format: 'teams' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ format: 'teams' });
    const card = JSON.parse((await testDelivery(slack.id)).body);
    expect(card).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } }],
    });
    expect(card.attachments[0].content.body.map((b: { text: string }) => b.text)).toEqual([
      'Tandem test event',
      'A test event sent from Tandem by admin@harbor.example',
    ]);

    const bad = await call('POST', base(), msp, { url: receiver.url, events: ['monitor.down'], format: 'discord' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toContain('body.format');
  });
});
