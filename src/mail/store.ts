/** Queries on the mail tables: inbound addresses (as the owner at RCPT time, or in withTenant) and the inbound log. */
import { and, count, eq, gte, isNull, sql } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { memberships, users } from '../core/identity/tables.ts';
import type { Role } from '../core/permissions/permissions.ts';
import { inboundMail, mailAddresses } from './tables.ts';

export type AddressRow = typeof mailAddresses.$inferSelect;
export type InboundRow = typeof inboundMail.$inferInsert;

export async function findAddress(tx: Db, token: string): Promise<AddressRow | null> {
  const [row] = await tx.select().from(mailAddresses).where(eq(mailAddresses.token, token));
  return row ?? null;
}

/** The address of a desk or ticket, inserting `fresh` when it has none yet (two at once: one wins, both read it). */
export async function addressFor(tx: Db, fresh: AddressRow): Promise<{ row: AddressRow; created: boolean }> {
  const target = fresh.deskId ? mailAddresses.deskId : mailAddresses.ticketId;
  const inserted = await tx
    .insert(mailAddresses)
    .values(fresh)
    .onConflictDoNothing({ target })
    .returning({ token: mailAddresses.token });
  const [row] = await tx
    .select()
    .from(mailAddresses)
    .where(eq(target, (fresh.deskId ?? fresh.ticketId)!));
  return { row: row!, created: inserted.length > 0 };
}

export async function alreadyReceived(tx: Db, practiceId: string, recipient: string, messageId: string) {
  const [row] = await tx
    .select({ outcome: inboundMail.outcome })
    .from(inboundMail)
    .where(
      and(
        eq(inboundMail.practiceId, practiceId),
        eq(inboundMail.recipient, recipient),
        eq(inboundMail.messageId, messageId),
      ),
    );
  return row?.outcome ?? null;
}

export async function recordInbound(tx: Db, row: InboundRow): Promise<void> {
  await tx.insert(inboundMail).values(row);
}

/** Messages from this sender to the practice since `since` (the per-sender rate limit). */
export async function sentSince(tx: Db, practiceId: string, sender: string, since: Date): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(inboundMail)
    .where(
      and(eq(inboundMail.practiceId, practiceId), eq(inboundMail.sender, sender), gte(inboundMail.receivedAt, since)),
    );
  return row?.n ?? 0;
}

/** An enabled account with a role in the practice whose email is this address (case-insensitive). */
export async function memberByEmail(
  tx: Db,
  practiceId: string,
  email: string,
): Promise<{ id: string; email: string; role: Role } | null> {
  const [found] = await tx
    .select({ id: users.id, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.practiceId, practiceId),
        isNull(users.disabledAt),
        sql`lower(${users.email}) = ${email.toLowerCase()}`,
      ),
    );
  return found ? { ...found, role: found.role as Role } : null;
}

/** The email of an enabled account, or null. */
export async function emailOf(tx: Db, userId: string): Promise<string | null> {
  const [row] = await tx
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)));
  return row?.email ?? null;
}
