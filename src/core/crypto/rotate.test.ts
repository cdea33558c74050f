import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { columnRotations, columnStatuses } from '../../../test/support/encrypted-column-status.ts';
import { newId } from '../ids.ts';
import { encryptedColumns } from './encrypted-columns.ts';
import { decryptField, encryptField, keyIdOf } from './field-encryption.ts';
import type { Keyring } from './keyring.ts';
import { keyStatus, rotateKeys } from './rotate.ts';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const before: Keyring = { currentId: 'k1', keys: new Map([['k1', k1]]) };
const after: Keyring = {
  currentId: 'k2',
  keys: new Map([
    ['k2', k2],
    ['k1', k1],
  ]),
};
const scratch = [{ table: 'rotate_scratch', idColumn: 'code', column: 'secret' }];

describeEachEngine('rotateKeys', (db, engine) => {
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    const org = newId();
    await db().query(`insert into organizations (id, name, kind) values ($1, 'Org', 'practice')`, [org]);
    const add = (secret: string | null) =>
      db().query(
        'insert into users (id, organization_id, email, display_name, mfa_secret) values ($1, $2, $3, $4, $5)',
        [newId(), org, `${newId()}@example.org`, 'U', secret],
      );
    for (let i = 0; i < 7; i += 1) {
      const secret = `SECRET${i}`;
      const stored = encryptField(before, secret);
      secrets.set(stored, secret);
      await add(stored);
    }
    await add(encryptField(after, 'ALREADYNEW'));
    await add(null);
    await add('LEGACYPLAINTEXT');
    // A patient's PHI rotates like any other encrypted column.
    const practice = newId();
    await db().query(
      `insert into practices (id, organization_id, name, specialty, jurisdiction, time_zone) values ($1, $2, 'P', 'medical', 'US', 'UTC')`,
      [practice, org],
    );
    const name = encryptField(before, 'Pat Patient');
    await db().query(
      `insert into patient_contacts (id, practice_id, name, note, created_at, updated_at) values ($1, $2, $3, $4, now(), now())`,
      [newId(), practice, name, encryptField(before, 'Call after 5')],
    );
    await db().query('create table rotate_scratch (code text primary key, secret text)');
  });

  it('registers only columns that exist', async () => {
    for (const c of encryptedColumns) {
      const found = await db().query(
        'select 1 from information_schema.columns where table_name = $1 and column_name in ($2, $3)',
        [c.table, c.idColumn, c.column],
      );
      expect(found, `${c.table}.${c.column}`).toHaveLength(2);
    }
  });

  it('counts values per key', async () => {
    expect(await keyStatus(db())).toEqual(
      columnStatuses({
        'users.mfa_secret': { byKey: { k1: 7, k2: 1 }, unencrypted: 1 },
        'patient_contacts.name': { byKey: { k1: 1 } },
        'patient_contacts.note': { byKey: { k1: 1 } },
      }),
    );
  });

  it('re-encrypts every value under an old key, in batches, leaving the rest alone', async () => {
    const progress: number[] = [];
    const result = await rotateKeys(db(), after, { batchSize: 3, onProgress: (p) => progress.push(p.reencrypted) });
    expect(result).toEqual({
      currentKeyId: 'k2',
      reencrypted: 9,
      remaining: 0,
      columns: columnRotations({ 'users.mfa_secret': 7, 'patient_contacts.name': 1, 'patient_contacts.note': 1 }),
    });
    expect(progress).toEqual([3, 6, 7, 1, 1]); // per column: mfa_secret in batches of 3, then the patient's name and note
    expect(await keyStatus(db())).toEqual(
      columnStatuses({
        'users.mfa_secret': { byKey: { k2: 8 }, unencrypted: 1 },
        'patient_contacts.name': { byKey: { k2: 1 } },
        'patient_contacts.note': { byKey: { k2: 1 } },
      }),
    );
    const patient = await db().query<{ name: string; note: string }>('select name, note from patient_contacts');
    expect([decryptField(after, patient[0]!.name), decryptField(after, patient[0]!.note)]).toEqual([
      'Pat Patient',
      'Call after 5',
    ]);
    const rows = await db().query<{ mfa_secret: string }>('select mfa_secret from users where mfa_secret is not null');
    const plain = rows.map((r) => (keyIdOf(r.mfa_secret) ? decryptField(after, r.mfa_secret) : r.mfa_secret)).sort();
    expect(plain).toEqual([...secrets.values(), 'ALREADYNEW', 'LEGACYPLAINTEXT'].sort());
    expect((await rotateKeys(db(), after)).reencrypted).toBe(0);
  });

  it('treats "_" in a key id literally and handles any id column type', async () => {
    const underscore: Keyring = {
      currentId: 'k_1',
      keys: new Map([
        ['k_1', k1],
        ['kx1', k2],
      ]),
    };
    const underKx1: Keyring = { currentId: 'kx1', keys: underscore.keys };
    await db().query(`insert into rotate_scratch values ('a', $1), ('b', $2)`, [
      encryptField(underKx1, 'A'),
      encryptField(underKx1, 'B'),
    ]);
    expect(await rotateKeys(db(), underscore, { columns: scratch })).toMatchObject({ reencrypted: 2, remaining: 0 });
    const rows = await db().query<{ code: string; secret: string }>(
      'select code, secret from rotate_scratch order by code',
    );
    expect(rows.map((r) => [r.code, keyIdOf(r.secret), decryptField(underscore, r.secret)])).toEqual([
      ['a', 'k_1', 'A'],
      ['b', 'k_1', 'B'],
    ]);
  });

  it('stops on a value under a key it does not have, naming the row, and keeps the batch unchanged', async () => {
    const lost: Keyring = { currentId: 'k0', keys: new Map([['k0', randomBytes(32)]]) };
    await db().query('delete from rotate_scratch');
    await db().query(`insert into rotate_scratch values ('a', $1), ('z', $2)`, [
      encryptField(before, 'A'),
      encryptField(lost, 'Z'),
    ]);
    await expect(rotateKeys(db(), after, { columns: scratch, batchSize: 10 })).rejects.toThrow(
      'rotate_scratch.secret of code z: value is encrypted under key "k0", which is not in the keyring',
    );
    expect(await keyStatus(db(), scratch)).toEqual([
      { table: 'rotate_scratch', column: 'secret', byKey: { k0: 1, k1: 1 }, unencrypted: 0 },
    ]);
  });

  // PGlite is one connection: there is no second transaction to hold a lock against rotation.
  if (engine === 'postgres')
    it('skips rows a running transaction holds and reports them as remaining', async () => {
      await db().query('delete from rotate_scratch');
      await db().query(`insert into rotate_scratch values ('a', $1), ('b', $2)`, [
        encryptField(before, 'A'),
        encryptField(before, 'B'),
      ]);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let signalLocked!: () => void;
      const locked = new Promise<void>((resolve) => (signalLocked = resolve));
      const holder = db().db.transaction(async (tx) => {
        await tx.execute(sql`select 1 from rotate_scratch where code = 'a' for update`);
        signalLocked();
        await held;
      });
      await locked;
      const busy = await rotateKeys(db(), after, { columns: scratch, passes: 2, pauseMs: 10 });
      release();
      await holder;
      expect(busy).toMatchObject({ reencrypted: 1, remaining: 1 });
      expect(await rotateKeys(db(), after, { columns: scratch })).toMatchObject({ reencrypted: 1, remaining: 0 });
    });
});
