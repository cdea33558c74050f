/**
 * Appending to the hash-chained audit log. The entry is written inside the caller's transaction,
 * so it commits or rolls back with the change it describes: there is never an audited change
 * without its entry, nor an entry for a change that did not happen.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { sendWithCommit } from '../db/settings-transaction.ts';
import { isEncrypted } from '../crypto/field-encryption.ts';
import { newId } from '../ids.ts';
import { canonicalJson } from '../canonical-json.ts';
import { canonicalParts, storableJson, storableText, type HashedEntry } from './hash.ts';
import { auditKeys, currentMac } from './key.ts';
import type { AuditActorType } from './schema.ts';

export interface AuditEvent {
  at: Date;
  actorType: AuditActorType;
  actorId?: string | null;
  actorLabel?: string | null;
  practiceId?: string | null;
  /** Dotted, past tense: 'auth.sign_in.succeeded', 'user.created', 'practice.updated', 'phi.read'. */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  /** JSON data; never PHI or secrets in plain text (use diffForAudit with redact). */
  details?: Record<string, unknown>;
}

/** Where a request came from, as the audit log records it (and the sign-in throttles count it). */
export interface RequestSource {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** Who acted and from where: the part of an audit entry that every write by the same caller shares. */
export type AuditOrigin = Pick<AuditEvent, 'actorType' | 'actorId' | 'actorLabel'> & RequestSource;

const text = (value: string | null | undefined) => (value == null ? null : storableText(value));

/**
 * Appends one entry in the caller's transaction. Call it last, just before commit: the chain
 * head stays locked until the transaction ends, and every other audited write waits for it. On a
 * PostgreSQL server inside withTenant or unsafeWithSystem the entry is written at commit, so
 * nothing in the transaction can read it back.
 *
 * Works as the owner and as tandem_app, which may only call the append function (SECURITY
 * DEFINER, migration 0012) and read what its policies allow: it cannot insert into audit_log or
 * move audit_head itself. The entry is hashed with HMAC-SHA256 under the process's current audit
 * key (core/audit/key.ts), which travels as two bind parameters and is never stored.
 */
export async function appendAudit(tx: Db, event: AuditEvent): Promise<void> {
  const entry: Omit<HashedEntry, 'seq' | 'prev_hash'> = {
    id: newId(),
    at: event.at.toISOString(),
    actor_type: event.actorType,
    actor_id: event.actorId ?? null,
    actor_label: text(event.actorLabel),
    practice_id: event.practiceId ?? null,
    action: storableText(event.action),
    target_type: text(event.targetType),
    target_id: text(event.targetId),
    ip: text(event.ip),
    user_agent: text(event.userAgent),
    request_id: text(event.requestId),
    details: storableJson(event.details ?? {}),
  };
  const keys = auditKeys();
  const mac = currentMac(keys);
  const [beforePrevHash, beforeSeq, rest] = canonicalParts(entry);
  // One call (migrations 0010, 0012): lock the head (serialising appenders until the caller's
  // transaction ends), HMAC the canonical JSON with the head's seq and hash filled in (the same
  // UTF-8 bytes as canonicalEntry, the same formula as AuditMac), insert, move the head. The
  // function's statements keep their plans per connection, so only the call is parsed and planned
  // each time. On a PostgreSQL server the call travels with the COMMIT (sendWithCommit), which also
  // shortens the time the head stays locked; so a missing head must raise in SQL, not return null:
  // the cast of the message to bigint fails with the message in it, and the commit is skipped.
  await sendWithCommit(
    tx,
    sql`select coalesce(tandem_append_audit(${beforePrevHash}, ${beforeSeq}, ${rest}, ${entry.id}, ${entry.at},
      ${entry.actor_type}, ${entry.actor_id}, ${entry.actor_label}, ${entry.practice_id}, ${entry.action},
      ${entry.target_type}, ${entry.target_id}, ${entry.ip}, ${entry.user_agent}, ${entry.request_id},
      ${JSON.stringify(entry.details)}, ${keys.currentId}, ${mac.innerPadHex}, ${mac.outerPadHex})::text,
      ${missingHead})::bigint as seq`,
  );
}

const missingHead = 'audit_head has no row: the audit log is not initialised (run tandem migrate)';

export const redacted = '[redacted]';

/** Field names that hold secrets whatever the caller's list says. */
const secretName = /password|secret|token|hash/i;

export interface AuditChange {
  before: unknown;
  after: unknown;
}

/**
 * The fields that differ between two versions of a record, for an entry's details. Fields named
 * in `redact` (PHI), fields whose names look like secrets, and values that are encrypted
 * (core/crypto) show as '[redacted]': the audit log is immutable, so anything written into it
 * can never be removed or re-encrypted. A missing field counts as null.
 */
export function diffForAudit(
  before: object,
  after: object,
  options: { redact: readonly string[] },
): Record<string, AuditChange> {
  const was = storableJson(before) as Record<string, unknown>;
  const now = storableJson(after) as Record<string, unknown>;
  const changes: Record<string, AuditChange> = {};
  for (const field of new Set([...Object.keys(was), ...Object.keys(now)])) {
    const b = was[field] ?? null;
    const a = now[field] ?? null;
    if (canonicalJson(b) === canonicalJson(a)) continue;
    const hide = options.redact.includes(field) || secretName.test(field) || isEncrypted(b) || isEncrypted(a);
    changes[field] = hide
      ? { before: b === null ? null : redacted, after: a === null ? null : redacted }
      : { before: b, after: a };
  }
  return changes;
}
