/**
 * Tandem's inbound addresses, one domain (TANDEM_MAIL_DOMAIN), the local part saying where the
 * message goes: `desk+<token>` opens a ticket on that desk, `reply+<token>` answers that ticket,
 * `backup+<token>` is a report for the backup job whose push token it is (the same secret as the
 * job's report URL, so a backup product that can only email needs nothing new). Anything else is
 * refused at RCPT time.
 */
import { randomBytes } from 'node:crypto';
import { appendAudit } from '../core/audit/append.ts';
import type { Db } from '../core/db/database.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { unsafeWithSystem } from '../core/tenancy/with-tenant.ts';
import { reportJobOf } from '../backup/push.ts';
import { addressFor, findAddress } from './store.ts';

/** Where a recipient address leads. */
export type Route =
  | { kind: 'desk'; practiceId: string; deskId: string }
  | { kind: 'reply'; practiceId: string; ticketId: string }
  | { kind: 'backup'; practiceId: string; token: string };

const base32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** 20 characters of a lower-case alphabet (100 bits): unguessable, and safe where a mail system folds case. */
export function newAddressToken(): string {
  return [...randomBytes(20)].map((b) => base32[b % 32]).join('');
}

const formatted = (kind: 'desk' | 'reply', token: string, domain: string) => `${kind}+${token}@${domain}`;

/** The desk's inbound address, made (and audited) on first use. */
export async function deskAddress(s: InPractice, deskId: string, domain: string): Promise<string> {
  const { row, created } = await addressFor(s.tx, {
    token: newAddressToken(),
    practiceId: s.practiceId,
    kind: 'desk',
    deskId,
    ticketId: null,
    createdAt: s.clock.now(),
  });
  if (created)
    await appendAudit(s.tx, {
      at: s.clock.now(),
      ...s.origin,
      practiceId: s.practiceId,
      action: 'desk.mail_address_created',
      targetType: 'desk',
      targetId: deskId,
      details: {},
    });
  return formatted('desk', row.token, domain);
}

/**
 * The ticket's reply address (its emails' Reply-To), made on first use. Not audited on its own:
 * it is made with the first email of the ticket, as part of that notice.
 */
export async function replyAddress(s: InPractice, ticketId: string, domain: string): Promise<string> {
  const { row } = await addressFor(s.tx, {
    token: newAddressToken(),
    practiceId: s.practiceId,
    kind: 'reply',
    deskId: null,
    ticketId,
    createdAt: s.clock.now(),
  });
  return formatted('reply', row.token, domain);
}

/** Splits `kind+token@domain` for Tandem's domain; null for any other address. */
export function parseAddress(address: string, domain: string): { kind: string; token: string } | null {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return null;
  const m = /^(desk|reply|backup)\+([A-Za-z0-9_-]{16,64})$/i.exec(address.slice(0, at));
  return m ? { kind: m[1]!.toLowerCase(), token: m[2]! } : null;
}

/** Where mail to this address goes, looked up as the owner (the address is what names the practice); null: refuse it. */
export async function routeOf(db: Db, address: string, domain: string): Promise<Route | null> {
  const parsed = parseAddress(address, domain);
  if (!parsed) return null;
  return unsafeWithSystem(db, async (tx) => {
    if (parsed.kind === 'backup') {
      const job = await reportJobOf(tx, parsed.token);
      return job && { kind: 'backup', practiceId: job.practiceId, token: parsed.token };
    }
    const row = await findAddress(tx, parsed.token.toLowerCase());
    if (!row || row.kind !== parsed.kind) return null;
    return row.kind === 'desk'
      ? { kind: 'desk', practiceId: row.practiceId, deskId: row.deskId! }
      : { kind: 'reply', practiceId: row.practiceId, ticketId: row.ticketId! };
  });
}
