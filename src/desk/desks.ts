/**
 * A practice's desks: the three defaults created on first use (a practice that existed before the
 * desk did gets them the first time anyone opens it), and their settings changed by an
 * administrator, audited with the fields that changed.
 */
import { appendAudit, diffForAudit } from '../core/audit/append.ts';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { findPractice } from '../core/tenancy/store.ts';
import { defaultDesks } from './default-desks.ts';
import { deskKinds, slaPolicySchema, type Calendar, type Category, type Desk, type DeskPatch } from './desk-schema.ts';
import { findDesk, insertMissingDesks, practiceDesks, updateDesk, type DeskRow } from './desk-store.ts';
import type { DeskStep } from './patient-contacts.ts';

export function presentDesk(row: DeskRow): Desk {
  return {
    id: row.id,
    kind: row.kind as Desk['kind'],
    name: row.name,
    calendar: row.calendar as Calendar,
    // Parsed, so a policy stored before pauses, warnings and escalation were settable gets their defaults.
    sla: slaPolicySchema.parse(row.sla),
    categories: row.categories as Category[],
    updatedAt: row.updatedAt.toISOString(),
  };
}

const byKind = (a: DeskRow, b: DeskRow) =>
  deskKinds.indexOf(a.kind as Desk['kind']) - deskKinds.indexOf(b.kind as Desk['kind']);

/** The practice's desks in kind order (IT, clinical, patient), creating the default ones it lacks. */
export async function ensureDesks(s: DeskStep): Promise<DeskRow[]> {
  const existing = await practiceDesks(s.tx, s.practiceId);
  if (existing.length === deskKinds.length) return existing.sort(byKind);
  const practice = await findPractice(s.tx, s.practiceId);
  if (!practice) throw new AppError('not_found', 'No such practice');
  const have = new Set(existing.map((d) => d.kind));
  const now = s.clock.now();
  const missing = defaultDesks(practice.timeZone)
    .filter((d) => !have.has(d.kind))
    .map((d) => ({ id: newId(), practiceId: s.practiceId, ...d, createdAt: now, updatedAt: now }));
  await insertMissingDesks(s.tx, missing);
  return (await practiceDesks(s.tx, s.practiceId)).sort(byKind);
}

export async function existingDesk(s: DeskStep, id: string): Promise<DeskRow> {
  const row = await findDesk(s.tx, s.practiceId, id);
  if (!row) throw new AppError('not_found', 'No desk with that id in this practice');
  return row;
}

export async function changeDesk(s: DeskStep, id: string, patch: DeskPatch): Promise<Desk> {
  const before = presentDesk(await existingDesk(s, id));
  const updatedAt = s.clock.now();
  await updateDesk(s.tx, id, { ...patch, updatedAt });
  const after = { ...before, ...patch, updatedAt: updatedAt.toISOString() };
  const { updatedAt: _was, ...was } = before;
  const { updatedAt: _now, ...now } = after;
  await appendAudit(s.tx, {
    at: updatedAt,
    ...s.origin,
    practiceId: s.practiceId,
    action: 'desk.updated',
    targetType: 'desk',
    targetId: id,
    details: diffForAudit(was, now, { redact: [] }),
  });
  return after;
}
