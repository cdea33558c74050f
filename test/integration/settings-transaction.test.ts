/**
 * withLocalSettings (src/core/db/settings-transaction.ts), the transaction every practice-scoped
 * request runs in, on both engines: settings reach the queries and vanish at the end, work is
 * atomic, and a transaction database cannot be used once its transaction is over.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/core/db/database.ts';
import { AppError } from '../../src/core/errors.ts';
import { sqlStateOf } from '../../src/server/errors.ts';
import {
  sendWithCommit,
  settingsStatement,
  withLocalSettings,
  withLocalSettingsReads,
} from '../../src/core/db/settings-transaction.ts';
import { withTenant, withTenantReads } from '../../src/core/tenancy/with-tenant.ts';
import { describeEachEngine } from '../support/databases.ts';

async function setting(tx: Db, name: string): Promise<string | null> {
  const result = (await tx.execute(sql`select current_setting(${name}, true) as value`)) as unknown as {
    rows: { value: string | null }[];
  };
  return result.rows[0]?.value ?? null;
}

describe('settingsStatement', () => {
  it('quotes values and refuses what is not a setting name', () => {
    expect(settingsStatement({ 'app.note': "O'Brien" })).toBe(`select set_config('app.note', 'O''Brien', true)`);
    expect(() => settingsStatement({ "app.x'); drop table users; --": 'v' })).toThrow(/not a setting name/);
    expect(() => settingsStatement({ 'app.x': 'a\0b' })).toThrow(/NUL/);
  });
});

describeEachEngine('withLocalSettings', (db) => {
  beforeAll(async () => {
    await db().query('create table if not exists settings_probe (id int primary key)');
  });

  it('sets values for the transaction only, however they are quoted', async () => {
    const tricky = `it's "quoted" \\ and ünïcode 🩺`;
    const seen = await withLocalSettings(db().db, { 'app.probe': tricky }, (tx) => setting(tx, 'app.probe'));
    expect(seen).toBe(tricky);
    const after = await db().query<{ value: string | null }>(`select current_setting('app.probe', true) as value`);
    expect(after[0]?.value ?? '').toBe('');
  });

  it('keeps every write or none', async () => {
    const failed = await withLocalSettings(db().db, { 'app.probe': 'x' }, async (tx) => {
      await tx.execute(sql`insert into settings_probe values (1)`);
      await tx.execute(sql`insert into settings_probe values (1)`); // duplicate key
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(sqlStateOf(failed)).toBe('23505');
    expect(await db().query('select id from settings_probe')).toEqual([]);
    await withLocalSettings(db().db, { 'app.probe': 'x' }, async (tx) => {
      await tx.execute(sql`insert into settings_probe values (2)`);
      await tx.execute(sql`insert into settings_probe values (3)`);
    });
    expect(await db().query('select id from settings_probe order by id')).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('sends held statements at commit, in order, and keeps none of the work when one fails', async () => {
    await withLocalSettings(db().db, { 'app.probe': 'x' }, async (tx) => {
      await sendWithCommit(tx, sql`insert into settings_probe values (10)`);
      await sendWithCommit(tx, sql`insert into settings_probe select id + 1 from settings_probe where id = 10`);
      await tx.execute(sql`insert into settings_probe values (20)`);
    });
    expect(await db().query('select id from settings_probe where id >= 10 order by id')).toEqual([
      { id: 10 },
      { id: 11 },
      { id: 20 },
    ]);
    const failed = await withLocalSettings(db().db, { 'app.probe': 'x' }, async (tx) => {
      await tx.execute(sql`insert into settings_probe values (30)`);
      await sendWithCommit(tx, sql`insert into settings_probe values (10)`); // duplicate key
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(sqlStateOf(failed)).toBe('23505');
    expect(await db().query('select id from settings_probe where id = 30')).toEqual([]);
    // The settings reach a held statement sent in a transaction that made no query before it.
    await withLocalSettings(db().db, { 'app.probe': '40' }, (tx) =>
      sendWithCommit(tx, sql`insert into settings_probe values (current_setting('app.probe')::int)`),
    );
    expect(await db().query('select id from settings_probe where id = 40')).toEqual([{ id: 40 }]);
    // A failing first query (sent with BEGIN) leaves the connections usable.
    for (let i = 0; i < 12; i += 1)
      await expect(
        withLocalSettings(db().db, { 'app.probe': 'x' }, (tx) =>
          tx.execute(sql`select no_such_column from settings_probe`),
        ),
      ).rejects.toThrow();
    expect(await withLocalSettings(db().db, { 'app.probe': 'ok' }, (tx) => setting(tx, 'app.probe'))).toBe('ok');
    await db().query('delete from settings_probe where id >= 10');
  });

  it('refuses a query through a transaction database after its transaction ended', async () => {
    let leaked: Db | undefined;
    await withTenant(db().db, '00000000-0000-4000-8000-000000000001', async (tx) => {
      leaked = tx;
    });
    const error = await leaked!.execute(sql`select 1`).then(
      () => undefined,
      (err: Error) => err,
    );
    // Drizzle wraps the driver's error: the reason is its cause.
    expect((error?.cause as Error | undefined)?.message).toMatch(/outside its transaction/);
  });

  it('refuses a nested transaction instead of committing early', async () => {
    await expect(
      withLocalSettings(db().db, { 'app.probe': 'x' }, (tx) => tx.transaction(async () => undefined)),
    ).rejects.toThrow(/nested transactions/);
  });

  it('runs many at once, each seeing only its own settings', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const seen = await Promise.all(ids.map((id) => withTenant(db().db, id, (tx) => setting(tx, 'app.practice_id'))));
    expect(seen).toEqual(ids);
  });

  it('takes a practice id only in UUID form, since it travels as a literal', async () => {
    const refused = withTenant(db().db, "x'; select 1; --", async () => 1);
    // An AppError, so a route that forgot to validate the id would answer 400, not 500.
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'practiceId', message: 'must be a UUID' }],
    });
  });

  it('reads: every query sees the settings, and none of them may write', async () => {
    const seen = await withLocalSettingsReads(db().db, { 'app.probe': 'r1' }, async (tx) => [
      await setting(tx, 'app.probe'),
      await setting(tx, 'app.probe'),
    ]);
    expect(seen).toEqual(['r1', 'r1']);
    const write = await withLocalSettingsReads(db().db, { 'app.probe': 'r2' }, (tx) =>
      tx.execute(sql`insert into settings_probe values (9)`),
    ).then(
      () => undefined,
      (err: Error) => err,
    );
    expect((write?.cause as Error | undefined)?.message ?? write?.message).toMatch(/read-only transaction/);
    expect(await db().query('select id from settings_probe where id = 9')).toEqual([]);
    const after = await db().query<{ value: string | null }>(`select current_setting('app.probe', true) as value`);
    expect(after[0]?.value ?? '').toBe('');
  });

  it('reads: a failing query leaves the connections usable and the settings gone', async () => {
    const failed = await withLocalSettingsReads(db().db, { 'app.probe': 'r3' }, (tx) =>
      tx.execute(sql`select no_such_column from settings_probe`),
    ).then(
      () => undefined,
      (err: unknown) => err,
    );
    // The query's own error (undefined column), not some other failure of the transaction.
    expect(sqlStateOf(failed)).toBe('42703');
    // More reads than the pool has connections, each with its own practice.
    const ids = Array.from({ length: 25 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const seen = await Promise.all(
      ids.map((id) => withTenantReads(db().db, id, (tx) => setting(tx, 'app.practice_id'))),
    );
    expect(seen).toEqual(ids);
    const owner = await db().query<{ value: string | null; role: string }>(
      `select current_setting('app.practice_id', true) as value, current_user as role`,
    );
    expect(owner[0]?.value ?? '').toBe('');
    expect(owner[0]?.role).not.toBe('tandem_app');
  });
});
