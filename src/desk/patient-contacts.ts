/**
 * Patient contacts with their PHI protected: encrypted before they are stored, decrypted only for
 * callers allowed to read PHI, and every read audited as `phi.read` in the same transaction as
 * the read (no read without its entry). Audit entries name the fields that changed, never their
 * values.
 */
import { appendAudit, diffForAudit } from '../core/audit/append.ts';
import { decryptField, encryptField } from '../core/crypto/field-encryption.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { KeysetAfter } from '../core/db/keyset.ts';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { actingUserId, type InPractice } from '../core/tenancy/acting.ts';
import {
  PHI_FIELDS,
  type PatientContact,
  type PatientContactInput,
  type PatientContactPatch,
  type PatientContactReceipt,
} from './schema.ts';
import {
  deleteContact,
  findContact,
  insertContact,
  listContacts,
  updateContact,
  type PatientContactRow,
} from './store.ts';

/** Patient desk work: who acts in which practice's transaction, with the keys that seal and open PHI. */
export interface DeskStep extends InPractice {
  keyring: Keyring;
}

const seal = (keyring: Keyring, value: string | null | undefined) =>
  value == null ? null : encryptField(keyring, value);
const open = (keyring: Keyring, value: string | null) => (value === null ? null : decryptField(keyring, value));

function present(keyring: Keyring, row: PatientContactRow): PatientContact {
  return {
    id: row.id,
    name: decryptField(keyring, row.name),
    phone: open(keyring, row.phone),
    email: open(keyring, row.email),
    note: open(keyring, row.note),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function audit(s: DeskStep, action: string, targetId: string | null, details: Record<string, unknown>) {
  await appendAudit(s.tx, {
    at: s.clock.now(),
    ...s.origin,
    practiceId: s.practiceId,
    action,
    targetType: 'patient_contact',
    targetId,
    details,
  });
}

/** Which PHI fields a value has, for audit details that must not hold the values themselves. */
const fieldsSet = (input: Partial<Record<(typeof PHI_FIELDS)[number], unknown>>) =>
  PHI_FIELDS.filter((f) => input[f] != null);

/** Returns the contact as given (the caller's own input, so not a read of stored PHI). */
export async function createContact(s: DeskStep, input: PatientContactInput): Promise<PatientContact> {
  const id = newId();
  const now = s.clock.now();
  await insertContact(s.tx, {
    id,
    practiceId: s.practiceId,
    name: encryptField(s.keyring, input.name),
    phone: seal(s.keyring, input.phone),
    email: seal(s.keyring, input.email),
    note: seal(s.keyring, input.note),
    createdBy: actingUserId(s.origin),
    createdAt: now,
    updatedAt: now,
  });
  await audit(s, 'patient_contact.created', id, { fields: fieldsSet(input) });
  const at = now.toISOString();
  const { name, phone = null, email = null, note = null } = input;
  return { id, name, phone, email, note, createdAt: at, updatedAt: at };
}

/**
 * A page of contacts, newest first, after `after`. One row more than asked is fetched to tell
 * whether another page follows; only the rows returned are decrypted and audited as read.
 */
export async function readContacts(
  s: DeskStep,
  page: { after?: KeysetAfter; limit: number },
): Promise<{ contacts: PatientContact[]; more: boolean }> {
  const rows = await listContacts(s.tx, s.practiceId, { ...page, limit: page.limit + 1 });
  const read = rows.slice(0, page.limit);
  await audit(s, 'phi.read', null, { patientContacts: read.map((r) => r.id) });
  return { contacts: read.map((r) => present(s.keyring, r)), more: rows.length > page.limit };
}

async function existing(s: DeskStep, id: string): Promise<PatientContactRow> {
  const row = await findContact(s.tx, s.practiceId, id);
  if (!row) throw new AppError('not_found', 'No patient contact with that id in this practice');
  return row;
}

export async function readContact(s: DeskStep, id: string): Promise<PatientContact> {
  const row = await existing(s, id);
  await audit(s, 'phi.read', id, { patientContacts: [id] });
  return present(s.keyring, row);
}

/**
 * Changes a contact. The reply holds the contact only for a caller who may read PHI, and then
 * the read is audited like any other; anyone else gets a receipt without patient fields, since
 * the stored values they did not send are not theirs to see.
 */
export async function changeContact(
  s: DeskStep,
  id: string,
  patch: PatientContactPatch,
  mayReadPhi: boolean,
): Promise<PatientContact | PatientContactReceipt> {
  const before = present(s.keyring, await existing(s, id));
  const after = { ...before, ...patch };
  const change: Partial<PatientContactRow> = { updatedAt: s.clock.now() };
  for (const field of PHI_FIELDS)
    if (patch[field] !== undefined) change[field] = seal(s.keyring, patch[field]) as string;
  await updateContact(s.tx, id, change);
  await audit(s, 'patient_contact.updated', id, diffForAudit(before, after, { redact: PHI_FIELDS }));
  const updatedAt = change.updatedAt!.toISOString();
  if (!mayReadPhi) return { id, createdAt: before.createdAt, updatedAt };
  await audit(s, 'phi.read', id, { patientContacts: [id] });
  return { ...after, updatedAt };
}

export async function removeContact(s: DeskStep, id: string): Promise<void> {
  await existing(s, id);
  await deleteContact(s.tx, id);
  await audit(s, 'patient_contact.deleted', id, {});
}
