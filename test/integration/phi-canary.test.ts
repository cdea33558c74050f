/**
 * PHI protection end to end, on both engines (issue 3, "Done means"): canary strings written
 * through the API as a patient's name, email and desk note come back decrypted to those allowed
 * to read PHI, each read is audited, and the canaries never appear in plain text anywhere in the
 * database (every row of every table, the audit log included) nor in the server's logs.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { patientContactListSchema, patientContactSchema } from '../../src/desk/schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

describeEachEngine('PHI canary', (db) => {
  let world: World;
  let staff: SignedIn;
  let itStaff: SignedIn;
  let url: string;
  const canary = {
    name: `Canary ${randomUUID()}`,
    email: `canary-${randomUUID()}@example.com`,
    note: `Note ${randomUUID()}`,
  };
  const later = `Changed ${randomUUID()}`;
  const phone = '+1 555 0199 7342';

  beforeAll(async () => {
    world = await buildWorld(db());
    staff = await signInAs(world, world.users.staff);
    itStaff = await signInAs(world, world.users.internalIt);
    url = `/api/v1/practices/${world.practices.a}/patient-contacts`;
  });

  /** Every row of every table in the public schema, as text: what a dump of the database holds. */
  async function dump(): Promise<string> {
    const tables = await db().query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = 'public' order by tablename",
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      const rows = await db().query<{ row: string }>(`select t::text as row from "${name}" t`);
      parts.push(`-- ${name}`, ...rows.map((r) => r.row));
    }
    return parts.join('\n');
  }

  it('stores a contact written by the front desk encrypted, and gives it back only to those who may read PHI', async () => {
    const created = await world.app.inject({ method: 'POST', url, headers: as(staff), payload: { ...canary, phone } });
    expect(created.statusCode, created.body).toBe(201);
    const contact = patientContactSchema.parse(created.json());
    expect(contact).toMatchObject({ ...canary, phone });

    // Front desk staff may add patients but not read PHI back.
    expect((await world.app.inject({ method: 'GET', url, headers: as(staff) })).statusCode).toBe(403);
    const list = patientContactListSchema.parse(
      (await world.app.inject({ method: 'GET', url, headers: as(itStaff) })).json(),
    );
    expect(list.contacts).toEqual([contact]);

    const changed = await world.app.inject({
      method: 'PATCH',
      url: `${url}/${contact.id}`,
      headers: as(itStaff),
      payload: { note: later, email: null },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(patientContactSchema.parse(changed.json())).toMatchObject({ note: later, email: null, name: canary.name });
    const one = await world.app.inject({ method: 'GET', url: `${url}/${contact.id}`, headers: as(itStaff) });
    expect(patientContactSchema.parse(one.json())).toMatchObject({ note: later, email: null });

    // Each read is in the audit log, naming the record but never its content.
    const audit = await db().query<{ action: string; target_id: string | null; details: string }>(
      "select action, target_id, details::text as details from audit_log where action like 'patient_contact.%' or action = 'phi.read' order by seq",
    );
    expect(audit.map((a) => a.action)).toEqual([
      'patient_contact.created',
      'phi.read', // the list
      'patient_contact.updated',
      'phi.read', // the change's reply holds the contact
      'phi.read', // the single read
    ]);
    expect(JSON.parse(audit[3]!.details)).toEqual({ patientContacts: [contact.id] });
    expect(JSON.parse(audit[1]!.details)).toEqual({ patientContacts: [contact.id] });
    expect(JSON.parse(audit[2]!.details)).toMatchObject({
      note: { before: '[redacted]', after: '[redacted]' },
      email: { before: '[redacted]', after: null },
    });
  });

  it('gives a caller who may change contacts but not read PHI a receipt without patient fields', async () => {
    const admin = await signInAs(world, world.users.mspAdmin);
    const tokenReply = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.a}/api-tokens`,
      headers: as(admin),
      payload: { name: 'desk robot', permissions: ['tickets.work'] },
    });
    const bearer = { authorization: `Bearer ${tokenReply.json().token as string}` };
    const [{ id }] = (await db().query<{ id: string }>('select id from patient_contacts limit 1')) as [{ id: string }];
    expect((await world.app.inject({ method: 'GET', url: `${url}/${id}`, headers: bearer })).statusCode).toBe(403);
    const readsBefore = await db().query("select 1 from audit_log where action = 'phi.read'");

    const changed = await world.app.inject({ method: 'PATCH', url: `${url}/${id}`, headers: bearer, payload: {} });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(Object.keys(changed.json()).sort()).toEqual(['createdAt', 'id', 'updatedAt']);
    for (const value of Object.values(canary)) expect(changed.body).not.toContain(value);
    const readsAfter = await db().query("select 1 from audit_log where action = 'phi.read'");
    expect(readsAfter.length).toBe(readsBefore.length);
  });

  it('leaves no canary in plain text in the database or the logs', async () => {
    const everything = await dump();
    expect(everything).toContain('-- patient_contacts');
    expect(everything).toContain('enc:v1:'); // the values are there, encrypted
    for (const secret of [canary.name, canary.email, canary.note, later, phone, 'Canary ', '0199 7342'])
      expect(everything.includes(secret), secret).toBe(false);
    const logs = world.logs.text;
    expect(logs).toContain('patient-contacts'); // the requests were logged...
    for (const secret of [canary.name, canary.email, canary.note, later, phone])
      expect(logs.includes(secret), secret).toBe(false);
  });

  it('refuses bad input by field and another practice by 404, writing nothing', async () => {
    const bad = await world.app.inject({
      method: 'POST',
      url,
      headers: as(staff),
      payload: { name: ' ', phone: 'call me', email: 'nope', note: 'x'.repeat(4001), extra: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['body', 'body.email', 'body.name', 'body.note', 'body.phone'].sort());
    const other = await world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${world.practices.c}/patient-contacts`,
      headers: as(itStaff),
    });
    expect(other.statusCode).toBe(404);
    const missing = await world.app.inject({ method: 'GET', url: `${url}/${randomUUID()}`, headers: as(itStaff) });
    expect(missing.statusCode).toBe(404);
    const count = await db().query<{ n: number }>('select count(*)::int as n from patient_contacts');
    expect(count[0]!.n).toBe(1);
  });

  it('removes a contact, audited, after which it is gone', async () => {
    const [contact] = patientContactListSchema.parse(
      (await world.app.inject({ method: 'GET', url, headers: as(itStaff) })).json(),
    ).contacts;
    const removed = await world.app.inject({ method: 'DELETE', url: `${url}/${contact!.id}`, headers: as(itStaff) });
    expect(removed.statusCode).toBe(204);
    expect(
      (await world.app.inject({ method: 'GET', url: `${url}/${contact!.id}`, headers: as(itStaff) })).statusCode,
    ).toBe(404);
    const audit = await db().query<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'patient_contact.deleted' and target_id = $1",
      [contact!.id],
    );
    expect(audit[0]!.n).toBe(1);
  });
});
