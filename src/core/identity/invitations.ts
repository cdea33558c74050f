/**
 * Invitations: how a person comes to hold a role in a practice. An administrator invites an
 * address; Tandem creates neither an account nor a membership, only the invitation and a one-time
 * link (72 hours) for the administrator to hand to the person. The membership exists once the
 * person accepts through that link:
 *
 * - an address with no account: by choosing the new account's first password (acceptNewAccount);
 * - an address with an account: by signing in to it and accepting (acceptAsUser), which proves
 *   that the person accepting controls the account's credentials.
 *
 * So credentials chosen by whoever held one practice's link never carry into another practice's
 * membership, and the inviter learns nothing about an existing account: the reply, the invitation
 * list and the audit entries hold what the inviter typed.
 *
 * One exception to "an existing account needs its own sign-in": an account that holds no role
 * anywhere, is no organisation administrator and is not disabled protects nothing, and accepting
 * a new invitation by choosing a password replaces every credential it had (reclaimOrphan). That
 * is what keeps an address whose account someone else pre-registered (and then removed) from
 * being stuck with that person's password.
 */
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { sideOf, type Role } from '../permissions/permissions.ts';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { practices } from '../tenancy/tables.ts';
import { unsafeWithSystem } from '../tenancy/with-tenant.ts';
import { revokeTokensCreatedBy } from './api-tokens.ts';
import { assertAssignable, setPasswordLinkValidMs, type Actor } from './manage-users.ts';
import { assertPasswordAcceptable, hashPassword } from './passwords.ts';
import type { RequestSource } from '../audit/append.ts';
import { actingUser, type IdentityDeps } from './request-context.ts';
import { revokeAllSessions } from './sessions.ts';
import type { UserRow } from './store.ts';
import { invitations, memberships, oneTimeTokens, recoveryCodes, users } from './tables.ts';
import { newSecret, sha256 } from './tokens.ts';

export type InvitationRow = typeof invitations.$inferSelect;
export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export function invitationStatus(row: InvitationRow, now: Date): InvitationStatus {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

const sameEmail = (column: typeof users.email | typeof invitations.email, email: string) =>
  sql`lower(${column}) = ${email.trim().toLowerCase()}`;

/** Still open: neither accepted nor revoked, and not expired. */
const open = (now: Date) =>
  and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));

/**
 * Invites a person into the practice; runs inside withTenant. A newer invitation of the same
 * address replaces an open one, so only the latest link works. Refused (409) when the address
 * already holds a role here, which the inviter can see in the member list anyway.
 */
export async function invite(
  tx: Db,
  clock: Clock,
  input: {
    practiceId: string;
    practiceOrganizationId: string;
    actorOrganizationId: string | null;
    email: string;
    displayName: string;
    role: Role;
  },
  actorRole: Role,
  actor: Actor & RequestSource,
): Promise<{ row: InvitationRow; token: string }> {
  assertAssignable(actorRole, input.role);
  const email = input.email.trim();
  const [member] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.practiceId, input.practiceId), sameEmail(users.email, email)));
  if (member) throw new AppError('conflict', `${email} already has a role in this practice`);
  const now = clock.now();
  await tx
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(eq(invitations.practiceId, input.practiceId), sameEmail(invitations.email, email), open(now)));
  const token = newSecret();
  const [row] = await tx
    .insert(invitations)
    .values({
      id: newId(),
      practiceId: input.practiceId,
      email,
      displayName: input.displayName,
      role: input.role,
      organizationId:
        sideOf(input.role) === 'msp' && input.actorOrganizationId
          ? input.actorOrganizationId
          : input.practiceOrganizationId,
      tokenHash: sha256(token),
      invitedBy: actor.actorType === 'user' ? (actor.actorId ?? null) : null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + setPasswordLinkValidMs),
    })
    .returning();
  if (!row) throw new Error('invitation insert returned no row');
  await appendAudit(tx, {
    at: now,
    ...actor,
    practiceId: input.practiceId,
    action: 'invitation.created',
    targetType: 'invitation',
    targetId: row.id,
    details: { email, displayName: input.displayName, role: input.role },
  });
  return { row, token };
}

/** The practice's invitations, newest first; runs inside withTenant(Reads). */
export async function listInvitations(tx: Db, practiceId: string): Promise<InvitationRow[]> {
  return tx
    .select()
    .from(invitations)
    .where(eq(invitations.practiceId, practiceId))
    .orderBy(desc(invitations.createdAt));
}

/** Revokes an open invitation, so its link stops working; runs inside withTenant. */
export async function revokeInvitation(
  tx: Db,
  clock: Clock,
  practiceId: string,
  invitationId: string,
  actor: Actor & RequestSource,
): Promise<InvitationRow> {
  const now = clock.now();
  const [row] = await tx
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(eq(invitations.id, invitationId), eq(invitations.practiceId, practiceId), open(now)))
    .returning();
  if (!row) throw new AppError('not_found', 'No open invitation with that id in this practice');
  await appendAudit(tx, {
    at: now,
    ...actor,
    practiceId,
    action: 'invitation.revoked',
    targetType: 'invitation',
    targetId: row.id,
    details: { email: row.email },
  });
  return row;
}

/**
 * The invitation to send again: one not yet accepted, whether open, withdrawn or expired. Sending
 * again is a new invitation (invite), whose link replaces this one's.
 */
export async function findResendable(tx: Db, practiceId: string, invitationId: string): Promise<InvitationRow> {
  const [row] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, invitationId), eq(invitations.practiceId, practiceId)));
  if (!row) throw new AppError('not_found', 'No invitation with that id in this practice');
  if (row.acceptedAt) throw new AppError('conflict', `${row.email} has already accepted this invitation`);
  return row;
}

const invalidLink = () =>
  new AppError('not_found', 'This invitation is not valid: it may have expired, been withdrawn or been used already');

/** What the link's holder sees before accepting: the practice, the address and the role. */
export async function previewInvitation(db: Db, clock: Clock, token: string) {
  const [found] = await db
    .select({ invitation: invitations, practiceName: practices.name })
    .from(invitations)
    .innerJoin(practices, eq(practices.id, invitations.practiceId))
    .where(and(eq(invitations.tokenHash, sha256(token)), open(clock.now())))
    .limit(1);
  if (!found) throw invalidLink();
  const { invitation } = found;
  return {
    practiceName: found.practiceName,
    email: invitation.email,
    displayName: invitation.displayName,
    role: invitation.role as Role,
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

/**
 * Marks the invitation accepted, if it is still open; the caller's transaction rolls
 * it back when anything after fails, so a refused acceptance leaves the link usable.
 */
async function claim(tx: Db, clock: Clock, token: string): Promise<InvitationRow> {
  const now = clock.now();
  const [row] = await tx
    .update(invitations)
    .set({ acceptedAt: now })
    .where(and(eq(invitations.tokenHash, sha256(token)), open(now)))
    .returning();
  if (!row) throw invalidLink();
  return row;
}

async function join(
  tx: Db,
  clock: Clock,
  invitation: InvitationRow,
  user: UserRow,
  origin: RequestSource,
): Promise<void> {
  const inserted = await tx
    .insert(memberships)
    .values({ userId: user.id, practiceId: invitation.practiceId, role: invitation.role })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) throw new AppError('conflict', 'You already have a role in this practice');
  await tx.update(invitations).set({ acceptedBy: user.id }).where(eq(invitations.id, invitation.id));
  await appendAudit(tx, {
    at: clock.now(),
    ...actingUser(user),
    ...origin,
    practiceId: invitation.practiceId,
    action: 'membership.created',
    targetType: 'user',
    targetId: user.id,
    details: { invitation: invitation.id, role: { before: null, after: invitation.role } },
  });
}

/**
 * The account of an address, locked until the transaction ends: two acceptances racing to
 * reclaim the same orphaned account take turns, and the second finds it in use (409) rather than
 * putting its own password on an account the first has just joined to a practice.
 */
async function lockUserByEmail(tx: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await tx.select().from(users).where(sameEmail(users.email, email)).limit(1).for('update');
  return row;
}

/** An account nobody can use for anything: no role anywhere, no organisation administration, not disabled. */
async function isOrphan(tx: Db, user: UserRow): Promise<boolean> {
  if (user.orgAdmin || user.disabledAt) return false;
  const [held] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(eq(memberships.userId, user.id))
    .limit(1);
  return held === undefined;
}

/**
 * Gives an orphaned account the accepting person's password and nothing of what it had before:
 * no sessions, API tokens, second factor, recovery codes or open links.
 */
async function reclaimOrphan(
  tx: Db,
  clock: Clock,
  user: UserRow,
  invitation: InvitationRow,
  passwordHash: string,
): Promise<UserRow> {
  await revokeAllSessions(tx, user.id, clock);
  await revokeTokensCreatedBy(tx, user.id, null, clock);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
  await tx
    .update(oneTimeTokens)
    .set({ usedAt: clock.now() })
    .where(and(eq(oneTimeTokens.userId, user.id), isNull(oneTimeTokens.usedAt)));
  const [row] = await tx
    .update(users)
    .set({
      passwordHash,
      organizationId: invitation.organizationId,
      displayName: invitation.displayName,
      mfaSecret: null,
      mfaPendingSecret: null,
      mfaEnabledAt: null,
      mfaLastStep: null,
    })
    .where(eq(users.id, user.id))
    .returning();
  if (!row) throw new Error('user update returned no row');
  return row;
}

async function insertUser(tx: Db, invitation: InvitationRow, passwordHash: string): Promise<UserRow> {
  const [row] = await tx
    .insert(users)
    .values({
      id: newId(),
      organizationId: invitation.organizationId,
      email: invitation.email,
      displayName: invitation.displayName,
      passwordHash,
    })
    .returning();
  if (!row) throw new Error('user insert returned no row');
  return row;
}

/**
 * Accepts by choosing the password of a new account for the invited address. An address that
 * already has an account in use must sign in and accept instead (409): the link alone never sets
 * an existing account's password.
 */
export async function acceptNewAccount(
  deps: IdentityDeps,
  token: string,
  password: string,
  origin: RequestSource,
): Promise<void> {
  const { clock } = deps;
  await unsafeWithSystem(deps.db, async (tx) => {
    const invitation = await claim(tx, clock, token);
    assertPasswordAcceptable(password, invitation.email);
    const existing = await lockUserByEmail(tx, invitation.email);
    if (existing && !(await isOrphan(tx, existing))) {
      throw new AppError(
        'conflict',
        `${invitation.email} already has a Tandem account: sign in to it and accept the invitation there`,
      );
    }
    const passwordHash = await hashPassword(password);
    const user = existing
      ? await reclaimOrphan(tx, clock, existing, invitation, passwordHash)
      : await insertUser(tx, invitation, passwordHash);
    await appendAudit(tx, {
      at: clock.now(),
      ...actingUser(user),
      ...origin,
      action: 'auth.password.set',
      targetType: 'user',
      targetId: user.id,
      details: { via: 'invitation' },
    });
    await join(tx, clock, invitation, user, origin);
  });
}

/** Accepts as the signed-in person, whose account must be the invited address's. */
export async function acceptAsUser(
  deps: IdentityDeps,
  token: string,
  user: UserRow,
  origin: RequestSource,
): Promise<void> {
  await unsafeWithSystem(deps.db, async (tx) => {
    const invitation = await claim(tx, deps.clock, token);
    if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
      throw new AppError(
        'forbidden',
        `This invitation is for ${invitation.email}: sign in as that address to accept it`,
      );
    }
    await join(tx, deps.clock, invitation, user, origin);
  });
}
