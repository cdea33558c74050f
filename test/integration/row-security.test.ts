/**
 * Every table the application role tandem_app can reach has row-level security with a policy,
 * and a practice's requests cannot read or change another practice's people (migration
 * tenant_rls_gaps). The catalogue check runs on the migrated schema, so a new table granted to
 * tandem_app without a policy fails it.
 */
import { sql, type SQL } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/core/db/database.ts';
import { executeRows } from '../../src/core/db/rows.ts';
import { withOrganization, withTenant } from '../../src/core/tenancy/with-tenant.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildWorld, type World } from '../support/world.ts';

/**
 * Tables tandem_app may reach without a policy of their own, each with the reason. Only tables
 * reached solely through a SECURITY DEFINER function with a narrow contract belong here.
 */
const exempt = new Map<string, string>([]);

interface Reach {
  table: string;
  rowSecurity: boolean;
  policies: string[];
}

/** Every relation in public on which tandem_app holds any privilege (table or column), with its policies. */
async function reachable(db: () => Database): Promise<Reach[]> {
  const rows = await db().query<{ table: string; row_security: boolean; policies: string[] | null }>(`
    select c.relname as table, c.relrowsecurity as row_security,
           (select array_agg(p.policyname::text order by p.policyname) from pg_policies p
             where p.schemaname = 'public' and p.tablename = c.relname
               and ('tandem_app' = any(p.roles) or 'public' = any(p.roles))) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
       and (has_table_privilege('tandem_app', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
            or has_any_column_privilege('tandem_app', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
     order by c.relname`);
  return rows.map((r) => ({ table: r.table, rowSecurity: r.row_security, policies: r.policies ?? [] }));
}

/** Reachable tables with no row-level security or no policy, and not exempt. */
function unguarded(tables: Reach[]): string[] {
  return tables.filter((t) => !exempt.has(t.table) && (!t.rowSecurity || t.policies.length === 0)).map((t) => t.table);
}

describeEachEngine('row-level security on every table tandem_app can reach', (db) => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld(db());
  });

  /** Runs one statement as tandem_app with a practice set. */
  const asTenant = (practiceId: string, query: SQL) =>
    withTenant(db().db, practiceId, (tx) => executeRows<Record<string, unknown>>(tx, query));

  /** The SQLSTATE of a failed statement (drizzle wraps the driver's error in `cause`). */
  async function sqlState(work: Promise<unknown>): Promise<string | undefined> {
    try {
      await work;
    } catch (err) {
      const e = err as { code?: string; cause?: { code?: string } };
      return e.cause?.code ?? e.code;
    }
    return undefined;
  }

  it('lists every reachable table with its policies, and none lacks one', async () => {
    const tables = await reachable(db);
    const byName = new Map(tables.map((t) => [t.table, t.policies]));
    // What the identity tables look like now: users readable (its member columns) under a policy;
    // sessions, recovery codes, one-time links and organisations not at all.
    expect(byName.get('users')).toEqual(['users_member_read']);
    for (const table of [
      'sessions',
      'recovery_codes',
      'one_time_tokens',
      'organizations',
      'sign_in_throttle',
      'known_devices',
    ])
      expect(byName.has(table)).toBe(false);
    expect(tables.length).toBeGreaterThanOrEqual(9);
    expect(unguarded(tables)).toEqual([]);
  });

  it('flags a new table granted to tandem_app until it has row-level security and a policy', async () => {
    await db().query('create table rls_probe (id int, practice_id uuid)');
    try {
      await db().query('grant select on rls_probe to tandem_app');
      expect(unguarded(await reachable(db))).toEqual(['rls_probe']);
      await db().query('alter table rls_probe enable row level security');
      expect(unguarded(await reachable(db))).toEqual(['rls_probe']);
      await db().query(
        'create policy rls_probe_tenant on rls_probe to tandem_app using (practice_id = tandem_current_practice())',
      );
      expect(unguarded(await reachable(db))).toEqual([]);
    } finally {
      await db().query('drop table rls_probe');
    }
  });

  it("shows a practice only its own members, and nobody's password hash or TOTP secret", async () => {
    const inA = await asTenant(world.practices.a, sql`select id from users`);
    const ids = inA.map((r) => r.id);
    expect(ids).toContain(world.users.staff.id);
    expect(ids).not.toContain(world.users.otherAdmin.id);
    const inC = await asTenant(world.practices.c, sql`select id, password_set from users`);
    expect(inC).toEqual([{ id: world.users.otherAdmin.id, password_set: true }]);
    for (const column of ['password_hash', 'mfa_secret', 'mfa_pending_secret']) {
      expect(await sqlState(asTenant(world.practices.a, sql`select ${sql.identifier(column)} from users`))).toBe(
        '42501',
      );
    }
  });

  it("cannot change another practice's users or sessions, nor read sessions, recovery codes, links or organisations", async () => {
    const other = world.users.otherAdmin.id;
    expect(
      await sqlState(asTenant(world.practices.a, sql`update users set display_name = 'taken' where id = ${other}`)),
    ).toBe('42501');
    expect(
      await sqlState(asTenant(world.practices.a, sql`update sessions set revoked_at = now() where user_id = ${other}`)),
    ).toBe('42501');
    expect(await sqlState(asTenant(world.practices.a, sql`delete from sessions`))).toBe('42501');
    for (const table of ['sessions', 'recovery_codes', 'one_time_tokens', 'organizations', 'known_devices']) {
      expect(await sqlState(asTenant(world.practices.a, sql`select count(*) from ${sql.identifier(table)}`))).toBe(
        '42501',
      );
    }
    // Ending sessions goes through tandem_end_member_sessions, for a member of the practice only.
    const end = (userId: string) => sql`select tandem_end_member_sessions(${userId}, now()) as n`;
    expect(await sqlState(asTenant(world.practices.a, end(other)))).toBe('42501');
    expect(await sqlState(asTenant(world.practices.a, end(world.users.staff.id)))).toBeUndefined();
  });

  it("keeps account notices (no practice) from every practice's requests", async () => {
    const staff = world.users.staff.id;
    const values = (
      id: string,
      practice: string | null,
    ) => sql`values (${id}, ${practice}, ${staff}, 'frontdesk@alder.example',
      'account.password_reset', 'Reset your Tandem password', 'text', 'html', 'outbox', now())`;
    const columns = sql`(id, practice_id, user_id, recipient, event, subject, text_body, html_body, status, created_at)`;
    await db().db.execute(sql`insert into notices ${columns} ${values('00000000-0000-4000-8000-0000000000a1', null)}`);
    const seen = await asTenant(
      world.practices.a,
      sql`select count(*)::int as n from notices where practice_id is null`,
    );
    expect(seen).toEqual([{ n: 0 }]);
    const update = sql`update notices set subject = 'changed' where practice_id is null returning id`;
    expect(await asTenant(world.practices.a, update)).toEqual([]);
    const forged = sql`insert into notices ${columns} ${values('00000000-0000-4000-8000-0000000000a2', null)}`;
    expect(await sqlState(asTenant(world.practices.a, forged))).toBe('42501');
  });

  it("holds an organisation's webhooks to its own transactions, and a practice's away from them", async () => {
    const organizationOf = async (practiceId: string) =>
      (
        await db().query<{ organization_id: string }>(
          `select organization_id from practices where id = '${practiceId}'`,
        )
      )[0]!.organization_id;
    const msp = await organizationOf(world.practices.a);
    const standalone = await organizationOf(world.practices.c);
    const hook = (
      id: string,
      owner: string,
    ) => sql`insert into webhooks (id, ${sql.raw(owner)}, url, description, events,
      active, allow_private_targets, secret, created_at, updated_at)`;
    const rest = sql`'https://hooks.example.com/x', '', '{matrix.agreed}', true, false, 'v1:x', now(), now()`;
    const mspHook = '00000000-0000-4000-8000-0000000000b1';
    const practiceHook = '00000000-0000-4000-8000-0000000000b2';
    await db().db.execute(sql`${hook(mspHook, 'organization_id')} values (${mspHook}, ${msp}, ${rest})`);
    await db().db.execute(
      sql`${hook(practiceHook, 'practice_id')} values (${practiceHook}, ${world.practices.a}, ${rest})`,
    );
    const asOrganization = (organizationId: string, query: SQL) =>
      withOrganization(db().db, organizationId, (tx) => executeRows<Record<string, unknown>>(tx, query));
    const ids = sql`select id from webhooks order by id`;
    expect(await asOrganization(msp, ids)).toEqual([{ id: mspHook }]);
    expect(await asOrganization(standalone, ids)).toEqual([]);
    expect(await asTenant(world.practices.a, ids)).toEqual([{ id: practiceHook }]);
    // An organisation cannot write another's rows, nor a practice's; a practice cannot write an organisation's.
    const forged = (id: string, owner: 'organization_id' | 'practice_id', ownerId: string) =>
      sql`${hook(id, owner)} values (${id}, ${ownerId}, ${rest})`;
    expect(
      await sqlState(
        asOrganization(standalone, forged('00000000-0000-4000-8000-0000000000b3', 'organization_id', msp)),
      ),
    ).toBe('42501');
    expect(
      await sqlState(
        asOrganization(msp, forged('00000000-0000-4000-8000-0000000000b4', 'practice_id', world.practices.a)),
      ),
    ).toBe('42501');
    expect(
      await sqlState(
        asTenant(world.practices.a, forged('00000000-0000-4000-8000-0000000000b5', 'organization_id', msp)),
      ),
    ).toBe('42501');
    expect(await asOrganization(standalone, sql`update webhooks set active = false returning id`)).toEqual([]);
    // The fan-out function adds deliveries for the organisation serving the current practice only.
    const fan = sql`select f.id from tandem_webhook_organization_deliveries('matrix.agreed',
      '00000000-0000-4000-8000-0000000000c1', '{}', now()) as f(id)`;
    expect(await asTenant(world.practices.c, fan)).toEqual([]);
    const [made] = await asTenant(world.practices.a, fan);
    const deliveries = sql`select id, webhook_id from webhook_deliveries`;
    expect(await asOrganization(msp, deliveries)).toEqual([{ id: made!.id, webhook_id: mspHook }]);
    expect(await asTenant(world.practices.a, deliveries)).toEqual([]);
    await db().query(`delete from webhooks where id in ('${mspHook}', '${practiceHook}')`);
    // An organisation reads the practices it serves (its delivery log names them), and changes none.
    const names = sql`select name from practices order by name`;
    expect(await asOrganization(msp, names)).toEqual([{ name: 'Alder Family Medicine' }, { name: 'Birch Pediatrics' }]);
    expect(await asOrganization(standalone, names)).toEqual([{ name: 'Lakeside Dental' }]);
    expect(await asOrganization(msp, sql`update practices set name = 'taken' returning id`)).toEqual([]);
    expect(await asTenant(world.practices.a, names)).toEqual([{ name: 'Alder Family Medicine' }]);
  });
});
