/**
 * The CSV import (issue 20, item 2): a preview of what the file would create, update or leave
 * unchanged, with every row's errors, and the same import applied atomically. Rows match an
 * existing device by serial, then by name (case-insensitive) when the row or the device has no
 * serial; a device whose serial differs is another device, even with the same name (a replaced
 * PC keeps its host name). Apply recomputes the plan in its transaction and refuses it when any
 * row has an error (400) or when the plan differs from the preview the caller saw (409: its
 * previewHash no longer matches), so what is applied is what was shown, or nothing.
 */
import { createHash } from 'node:crypto';
import { appendAudit, diffForAudit } from '../core/audit/append.ts';
import { AppError } from '../core/errors.ts';
import { assertPreviewApplies } from '../core/import-preview.ts';
import { newId } from '../core/ids.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { readDeviceCsv, type ParsedCsv } from './csv-rows.ts';
import { auditFacts, changedFields, storedFacts, withSources, type DeviceFacts } from './devices.ts';
import {
  deviceFields,
  deviceInputSchema,
  type DeviceField,
  type ImportPreview,
  type ImportRequest,
  type ImportRow,
} from './schema.ts';
import { devicesMatching, insertDevices, updateDevices, type DeviceRow } from './store.ts';

interface Planned {
  preview: Omit<ImportPreview, 'applied'>;
  creates: DeviceRow[];
  updates: { before: DeviceRow; after: DeviceRow; facts: Partial<DeviceFacts>; changed: DeviceField[] }[];
}

const foldName = (name: string) => name.trim().toLowerCase();

function byName(existing: readonly DeviceRow[]): Map<string, DeviceRow[]> {
  const map = new Map<string, DeviceRow[]>();
  for (const row of existing) {
    const key = foldName(row.name);
    map.set(key, [...(map.get(key) ?? []), row]);
  }
  return map;
}

/** The file's rows, or a 400 naming the line (and column) that cannot be read. */
export function parseImport(csv: string): ParsedCsv {
  const parsed = readDeviceCsv(csv);
  if ('message' in parsed)
    throw new AppError('validation_failed', 'The CSV cannot be imported', [
      {
        path: 'body.csv',
        message: `line ${parsed.line}${parsed.column ? `, ${parsed.column}` : ''}: ${parsed.message}`,
      },
    ]);
  return parsed;
}

/**
 * The devices the file's rows can match: those with a serial or (folded) name the file names, in
 * one query. Loading the whole inventory instead cost most of a 10,000-row preview at 50,000
 * devices (docs/benchmarks.md).
 */
async function candidates(s: InPractice, parsed: ParsedCsv): Promise<DeviceRow[]> {
  const serials = new Set<string>();
  const names = new Set<string>();
  for (const { facts } of parsed.rows) {
    if (facts.serial) serials.add(facts.serial);
    if (facts.name) names.add(foldName(facts.name));
  }
  return devicesMatching(s.tx, s.practiceId, [...serials], [...names]);
}

/** The plan for every row of the file, against the devices it may match as they are now. */
export function planImport(parsed: ParsedCsv, existing: readonly DeviceRow[], practiceId: string, now: Date): Planned {
  const serials = new Map(existing.filter((r) => r.serial).map((r) => [r.serial!, r]));
  const names = byName(existing);
  const claimed = new Map<string, number>();
  const seenSerials = new Map<string, number>();
  const column = (field: DeviceField) => parsed.columns[field] ?? field;
  const rows: ImportRow[] = [];
  const summary = { create: 0, update: 0, unchanged: 0, error: 0 };
  const creates: DeviceRow[] = [];
  const updates: Planned['updates'] = [];

  for (const row of parsed.rows) {
    const { facts, line } = row;
    const errors = [...row.errors];
    const serial = facts.serial ?? null;
    const name = facts.name ?? null;
    if (serial && seenSerials.has(serial))
      errors.push({ column: column('serial'), message: `repeats the serial of line ${seenSerials.get(serial)}` });
    if (serial) seenSerials.set(serial, line);
    let match: DeviceRow | undefined;
    let matchedBy: 'serial' | 'name' | null = null;
    if (serial && serials.has(serial)) [match, matchedBy] = [serials.get(serial), 'serial'];
    else if (name) {
      const candidates = (names.get(foldName(name)) ?? []).filter((d) => !serial || !d.serial);
      if (candidates.length > 1)
        errors.push({
          column: column('name'),
          message: `matches ${candidates.length} devices by name; add their serials`,
        });
      else if (candidates[0]) [match, matchedBy] = [candidates[0], 'name'];
    }
    if (!match && !name && row.errors.length === 0)
      errors.push({ column: column('name'), message: 'is needed to add a device (no device has this serial)' });
    if (match && claimed.has(match.id))
      errors.push({ column: '', message: `matches the same device as line ${claimed.get(match.id)}` });
    if (match) claimed.set(match.id, line);

    const base = { line, name, serial, deviceId: match?.id ?? null, matchedBy };
    if (errors.length > 0) {
      summary.error++;
      rows.push({ ...base, action: 'error', changes: [], errors });
    } else if (match) {
      const stored = storedFacts(facts);
      // Exports often change a host name's case; matched by that name, the device keeps its own.
      if (matchedBy === 'name') delete stored.name;
      const changed = changedFields(match, stored);
      if (changed.length === 0) {
        summary.unchanged++;
        continue;
      }
      const next = { ...match, ...stored, updatedAt: now };
      updates.push({
        before: match,
        after: { ...next, ...withSources(next, changed, 'csv', now) },
        facts: stored,
        changed,
      });
      summary.update++;
      rows.push({ ...base, action: 'update', changes: changed, errors: [] });
    } else {
      const input = deviceInputSchema.parse({ kind: 'other', ...facts });
      const stored = storedFacts(input) as DeviceFacts;
      const given = deviceFields.filter((field) => field in facts);
      const created: DeviceRow = {
        id: newId(),
        practiceId,
        ...stored,
        osSupportEnds: null,
        sources: {},
        createdAt: now,
        updatedAt: now,
      };
      creates.push({ ...created, ...withSources(created, given, 'csv', now) });
      summary.create++;
      rows.push({ ...base, action: 'create', changes: given, errors: [] });
    }
  }
  const previewHash = hashPlan(rows, creates, updates);
  return {
    preview: { previewHash, columns: parsed.columns, ignoredColumns: parsed.ignoredColumns, summary, rows },
    creates,
    updates,
  };
}

/**
 * What the plan would write, without the new devices' random ids or the time: equal plans hash
 * equal. Each part is an array in a fixed order, so JSON.stringify is already canonical (the
 * key-sorting canonical JSON took a quarter of a 10,000-row preview).
 */
function hashPlan(rows: ImportRow[], creates: DeviceRow[], updates: Planned['updates']): string {
  const hash = createHash('sha256');
  const factsOf = (row: DeviceRow, fields: readonly DeviceField[]) => {
    const facts = auditFacts(row);
    return fields.map((field) => facts[field] ?? null);
  };
  for (const r of rows) hash.update(JSON.stringify([r.line, r.action, r.deviceId, r.changes, r.errors]));
  for (const c of creates) hash.update(JSON.stringify(factsOf(c, deviceFields)));
  for (const u of updates) hash.update(JSON.stringify([u.before.id, u.changed, factsOf(u.after, u.changed)]));
  return hash.digest('hex');
}

export async function previewImport(s: InPractice, csv: string): Promise<ImportPreview> {
  const parsed = parseImport(csv);
  const planned = planImport(parsed, await candidates(s, parsed), s.practiceId, s.clock.now());
  return { applied: false, ...planned.preview };
}

/** Applies the import if it is the preview the caller saw and no row has an error; one audit entry names every device it touched. */
export async function applyImport(s: InPractice, request: ImportRequest): Promise<ImportPreview> {
  if (!request.previewHash)
    throw new AppError('validation_failed', 'The request is not valid', [
      {
        path: 'body.previewHash',
        message: 'is required with apply: post the CSV without apply first, then apply its preview',
      },
    ]);
  const parsed = parseImport(request.csv);
  const planned = planImport(parsed, await candidates(s, parsed), s.practiceId, s.clock.now());
  const { preview } = planned;
  assertPreviewApplies(preview, request.previewHash, 'The inventory');
  await insertDevices(s.tx, planned.creates);
  await updateDevices(
    s.tx,
    planned.updates.map((u) => u.after),
  );
  await appendAudit(s.tx, {
    at: s.clock.now(),
    ...s.origin,
    practiceId: s.practiceId,
    action: 'device.import_applied',
    targetType: 'device_import',
    targetId: preview.previewHash,
    details: {
      summary: preview.summary,
      devices: Object.fromEntries([
        ...planned.creates.map((c) => [c.id, { action: 'created', name: c.name, serial: c.serial }]),
        ...planned.updates.map((u) => [
          u.before.id,
          { action: 'updated', changes: diffForAudit(auditFacts(u.before), auditFacts(u.after), { redact: [] }) },
        ]),
      ]),
    },
  });
  return { applied: true, ...preview };
}
