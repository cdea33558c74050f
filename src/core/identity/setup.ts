/**
 * First run: create the first organisation, practice and administrator. Allowed only while the
 * database has no users; from the web it also needs the one-time setup link printed at start.
 */
import { sql } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { executeRows } from '../db/rows.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { isTimeZone } from '../tenancy/schema.ts';
import { organizations, practices } from '../tenancy/tables.ts';
import { unsafeWithSystem } from '../tenancy/with-tenant.ts';
import { consumeLink, issueLink } from './one-time-links.ts';
import { hashPassword, passwordProblems } from './passwords.ts';
import type { RequestSource } from '../audit/append.ts';
import { memberships, users } from './tables.ts';

export const setupLinkValidMs = 60 * 60_000;

export interface SetupInput {
  organization: { name: string; kind: 'msp' | 'practice' };
  practice: { name: string; specialty: 'medical' | 'dental' | 'other'; jurisdiction: 'US' | 'UK'; timeZone: string };
  admin: { email: string; displayName: string; password: string };
}

export async function needsSetup(db: Db): Promise<boolean> {
  const [row] = await executeRows<{ present: boolean }>(db, sql`select exists (select 1 from users) as present`);
  return !row?.present;
}

/** Issues a fresh setup link token (the caller prints it); only while setup is needed. */
export async function issueSetupLink(db: Db, clock: Clock): Promise<string> {
  return issueLink(db, 'setup', null, setupLinkValidMs, clock);
}

/**
 * Checks a setup input beyond its zod shape; returns every problem with its path within the
 * input ("admin.password"). The HTTP route puts "body." in front, like every 400 of the API.
 */
export function setupProblems(input: SetupInput): { path: string; message: string }[] {
  const problems = passwordProblems(input.admin.password, { email: input.admin.email }).map((message) => ({
    path: 'admin.password',
    message,
  }));
  if (!isTimeZone(input.practice.timeZone))
    problems.push({ path: 'practice.timeZone', message: 'must be an IANA time zone such as America/Chicago' });
  return problems;
}

export async function runSetup(
  db: Db,
  clock: Clock,
  input: SetupInput,
  proof: { kind: 'link'; token: string } | { kind: 'local' },
  origin: RequestSource,
): Promise<{ organizationId: string; practiceId: string; userId: string }> {
  const problems = setupProblems(input);
  if (problems.length > 0) throw new AppError('validation_failed', 'The setup details are not valid', problems);
  const passwordHash = await hashPassword(input.admin.password);
  return unsafeWithSystem(db, async (tx) => {
    // Serialise concurrent setups: only the first may create the first administrator.
    await tx.execute(sql`select pg_advisory_xact_lock(7263540002)`);
    if (!(await needsSetup(tx))) throw new AppError('conflict', 'Tandem is already set up; sign in instead');
    if (proof.kind === 'link' && !(await consumeLink(tx, 'setup', proof.token, clock))) {
      throw new AppError(
        'forbidden',
        'This setup link is not valid: it may have expired; restart Tandem for a new one',
      );
    }
    const now = clock.now();
    const organizationId = newId();
    const practiceId = newId();
    const userId = newId();
    await tx
      .insert(organizations)
      .values({ id: organizationId, name: input.organization.name, kind: input.organization.kind, createdAt: now });
    await tx
      .insert(practices)
      .values({ id: practiceId, organizationId, ...input.practice, createdAt: now, updatedAt: now });
    await tx.insert(users).values({
      id: userId,
      organizationId,
      email: input.admin.email.trim(),
      displayName: input.admin.displayName,
      passwordHash,
      orgAdmin: true,
      createdAt: now,
    });
    const role = input.organization.kind === 'msp' ? 'msp_admin' : 'practice_admin';
    await tx.insert(memberships).values({ userId, practiceId, role, createdAt: now });
    await appendAudit(tx, {
      at: now,
      actorType: 'system',
      actorLabel: proof.kind === 'link' ? 'setup link' : 'tandem setup',
      practiceId,
      action: 'setup.completed',
      targetType: 'user',
      targetId: userId,
      ...origin,
      details: { organization: input.organization.name, practice: input.practice.name, admin: input.admin.email, role },
    });
    return { organizationId, practiceId, userId };
  });
}
