/**
 * A populated tenant world for HTTP tests: an MSP serving practices A and B, and an unrelated
 * stand-alone practice C, with a user for every role. Users that need MFA are enrolled directly.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../src/core/permissions/permissions.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { encryptField } from '../../src/core/crypto/field-encryption.ts';
import type { Keyring } from '../../src/core/crypto/keyring.ts';
import type { Database } from '../../src/core/db/database.ts';
import { newId } from '../../src/core/ids.ts';
import { hash as argon2Hash } from '@node-rs/argon2';
import { memberships, users } from '../../src/core/identity/tables.ts';
import { newTotpSecret, totpCode } from '../../src/core/identity/totp.ts';
import { organizations, practices } from '../../src/core/tenancy/tables.ts';
import type { Config } from '../../src/core/config.ts';
import type { JobQueue } from '../../src/core/jobs/queue.ts';
import { buildTestServer, type LogCapture } from './server.ts';

export const worldPassword = 'correct horse battery staple';

/**
 * The world password's argon2id hash at the algorithm's smallest cost (1 MiB, one pass) instead of
 * the product's 64 MiB and three passes: sign-in verifies with the parameters a hash carries, and
 * the suite's several hundred sign-ins and wrong passwords at 60-70 ms of CPU each cost more than
 * some whole test files. What users' hashes are made with is tested in passwords.test.ts.
 */
export function worldPasswordHash(): Promise<string> {
  return argon2Hash(worldPassword, { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 });
}

export function testKeyring(): Keyring {
  return { currentId: 'test1', keys: new Map([['test1', randomBytes(32)]]) };
}

export interface WorldUser {
  id: string;
  email: string;
  totpSecret: string | null;
}

export interface World {
  app: FastifyInstance;
  logs: LogCapture;
  clock: ReturnType<typeof fixedClock>;
  keyring: Keyring;
  practices: { a: string; b: string; c: string };
  users: Record<'mspAdmin' | 'technician' | 'internalIt' | 'practiceAdmin' | 'staff' | 'auditor' | 'otherAdmin', WorldUser>;
}

export async function addUser(
  database: Database,
  keyring: Keyring,
  orgId: string,
  email: string,
  roles: [string, Role][],
  opts: { mfa: boolean; orgAdmin?: boolean },
  passwordHash: string,
): Promise<WorldUser> {
  const id = newId();
  const secret = opts.mfa ? newTotpSecret() : null;
  await database.db.insert(users).values({
    id,
    organizationId: orgId,
    email,
    displayName: email.split('@')[0] ?? email,
    passwordHash,
    orgAdmin: opts.orgAdmin ?? false,
    mfaSecret: secret ? encryptField(keyring, secret) : null,
    mfaEnabledAt: secret ? new Date('2026-01-01T00:00:00Z') : null,
  });
  for (const [practiceId, role] of roles) await database.db.insert(memberships).values({ userId: id, practiceId, role });
  return { id, email, totpSecret: secret };
}

export async function buildWorld(
  database: Database,
  options: { jobs?: JobQueue; config?: Partial<Config>; liveHeartbeatMs?: number } = {},
): Promise<World> {
  const keyring = testKeyring();
  const clock = fixedClock(new Date('2026-11-23T12:00:00Z'));
  const msp = newId();
  const standalone = newId();
  await database.db.insert(organizations).values([
    { id: msp, name: 'Harbor IT Partners', kind: 'msp' },
    { id: standalone, name: 'Lakeside Dental Group', kind: 'practice' },
  ]);
  const p = { a: newId(), b: newId(), c: newId() };
  await database.db.insert(practices).values([
    { id: p.a, organizationId: msp, name: 'Alder Family Medicine', specialty: 'medical', jurisdiction: 'US', timeZone: 'America/Chicago' },
    { id: p.b, organizationId: msp, name: 'Birch Pediatrics', specialty: 'medical', jurisdiction: 'US', timeZone: 'America/Chicago' },
    { id: p.c, organizationId: standalone, name: 'Lakeside Dental', specialty: 'dental', jurisdiction: 'US', timeZone: 'America/Denver' },
  ]);
  const hash = await worldPasswordHash();
  const u = {
    mspAdmin: await addUser(database, keyring, msp, 'admin@harbor.example', [[p.a, 'msp_admin'], [p.b, 'msp_admin']], { mfa: true, orgAdmin: true }, hash),
    technician: await addUser(database, keyring, msp, 'tech@harbor.example', [[p.a, 'msp_technician']], { mfa: true }, hash),
    internalIt: await addUser(database, keyring, msp, 'it@alder.example', [[p.a, 'internal_it']], { mfa: true }, hash),
    practiceAdmin: await addUser(database, keyring, msp, 'manager@alder.example', [[p.a, 'practice_admin']], { mfa: false }, hash),
    staff: await addUser(database, keyring, msp, 'frontdesk@alder.example', [[p.a, 'practice_staff']], { mfa: false }, hash),
    auditor: await addUser(database, keyring, msp, 'auditor@alder.example', [[p.a, 'auditor']], { mfa: false }, hash),
    otherAdmin: await addUser(database, keyring, standalone, 'owner@lakeside.example', [[p.c, 'practice_admin']], { mfa: false, orgAdmin: true }, hash),
  };
  const { app, logs } = await buildTestServer(database, { clock, keyring, ...options });
  return { app, logs, clock, keyring, practices: p, users: u };
}

export interface SignedIn {
  cookie: string;
  csrf: string;
}

function cookieFrom(setCookie: string | string[] | undefined): string {
  const raw = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  const value = /tandem_session=([^;]+)/.exec(raw ?? '')?.[1];
  if (!value) throw new Error(`no session cookie in ${String(raw)}`);
  return `tandem_session=${value}`;
}

/**
 * Each world user's own browser: the tandem_device cookie from their first sign-in, sent again at
 * each later one, so signing a user in again is not a sign-in from a new device.
 */
const browsers = new WeakMap<World, Map<string, string>>();

function deviceCookieOf(world: World, user: WorldUser, setCookie: string | string[] | undefined): void {
  const raw = Array.isArray(setCookie) ? setCookie.join('; ') : (setCookie ?? '');
  const value = /tandem_device=([^;]+)/.exec(raw)?.[1];
  if (!value) return;
  const known = browsers.get(world) ?? new Map<string, string>();
  known.set(user.id, `tandem_device=${value}`);
  browsers.set(world, known);
}

/** Signs in with password and, when enrolled, a fresh TOTP code; advances the clock one step. */
export async function signInAs(world: World, user: WorldUser): Promise<SignedIn> {
  world.clock.advance(31_000); // each TOTP step is accepted once
  const device = browsers.get(world)?.get(user.id);
  const first = await world.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { email: user.email, password: worldPassword },
    ...(device ? { headers: { cookie: device } } : {}),
  });
  if (first.statusCode !== 200) throw new Error(`sign-in failed: ${first.body}`);
  deviceCookieOf(world, user, first.headers['set-cookie']);
  let cookie = cookieFrom(first.headers['set-cookie']);
  let body = first.json();
  if (body.status === 'mfa_required' && user.totpSecret) {
    const code = await totpCode(user.totpSecret, world.clock.now());
    const second = await world.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', headers: { cookie, 'x-csrf-token': body.csrfToken }, payload: { code } });
    if (second.statusCode !== 200) throw new Error(`mfa failed: ${second.body}`);
    cookie = cookieFrom(second.headers['set-cookie']);
    body = second.json();
  }
  return { cookie, csrf: body.csrfToken };
}

export function as(session: SignedIn) {
  return { cookie: session.cookie, 'x-csrf-token': session.csrf };
}

export async function disableUser(database: Database, userId: string): Promise<void> {
  await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
}
