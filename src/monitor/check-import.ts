/**
 * The CSV import of checks (issue 19, item 9), built as the device import is (assets/device-import.ts):
 * a preview of what the file would create, update or leave unchanged, with every row's errors by
 * line and column, and the same import applied atomically when its previewHash still matches.
 * A row matches the practice's check of the same name (case-insensitive); an empty cell keeps
 * what the check has. Every row is validated by the schema of the single create (on the check as
 * it would be after the row), with the same outbound-address rules, so an import can make nothing
 * the API would refuse one at a time.
 */
import { createHash } from 'node:crypto';
import { deviceReferences } from '../assets/devices.ts';
import { appendAudit } from '../core/audit/append.ts';
import { canonicalJson } from '../core/canonical-json.ts';
import { AppError } from '../core/errors.ts';
import { assertPreviewApplies } from '../core/import-preview.ts';
import { newId } from '../core/ids.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { readCheckCsv, type CheckCsv, type CheckCsvRow } from './check-csv.ts';
import { checkInputOf, literalHost, newCheckRow, patchedRow, storedProbe } from './checks.ts';
import {
  checkInputSchema,
  type CheckImportApplyRequest,
  type CheckImportField,
  type CheckImportPreview,
  type CheckImportResult,
  type CheckImportRow,
  type CheckInput,
  type CheckPatch,
  type ProbeKind,
} from './schema.ts';
import { checksNamed, insertChecks, updateCheck, type CheckRow } from './store.ts';

/** The probe settings each kind takes from the file, beyond its target. */
const probeColumns: Record<ProbeKind, CheckImportField[]> = {
  http: ['expectedStatus', 'keyword', 'maxLatencyMs', 'slowLatencyMs', 'verifyTls'],
  tcp: [],
  tls: ['minDaysLeft', 'warnDaysLeft'],
  dns: ['recordType', 'expected', 'server'],
  push: ['graceSeconds'],
  agent: ['graceSeconds', 'minDiskFreePercent', 'maxCpuPercent', 'requireProtection'],
};
const allProbeColumns = new Set(Object.values(probeColumns).flat());

/** The check settings an update may change (and the preview lists), beyond the probe's own. */
const checkColumns = [
  'intervalSeconds',
  'failureThreshold',
  'recoveryThreshold',
  'activity',
  'deviceId',
  'allowPrivateTargets',
  'paused',
] as const;

interface Planned {
  preview: CheckImportPreview;
  creates: { line: number; input: CheckInput }[];
  updates: { line: number; row: CheckRow; patch: CheckPatch }[];
}

interface Context {
  parsed: CheckCsv;
  existing: Map<string, CheckRow[]>;
  devices: { bySerial: Map<string, string>; byName: Map<string, string[]> };
  /** A signed-in administrator: may aim checks at private targets. */
  mayAimPrivate: boolean;
}

type RowError = CheckImportRow['errors'][number];

/** The file's rows, or a 400 naming the line (and column) that cannot be read. */
function parseImport(csv: string): CheckCsv {
  const parsed = readCheckCsv(csv);
  if ('message' in parsed)
    throw new AppError('validation_failed', 'The CSV cannot be imported', [
      {
        path: 'body.csv',
        message: `line ${parsed.line}${parsed.column ? `, ${parsed.column}` : ''}: ${parsed.message}`,
      },
    ]);
  return parsed;
}

/** The checks and devices the file's rows can match, in two queries, both held to the practice. */
async function context(s: InPractice, parsed: CheckCsv, mayAimPrivate: boolean): Promise<Context> {
  const names = new Set<string>();
  const devices = new Set<string>();
  for (const { cells } of parsed.rows) {
    if (typeof cells.name === 'string') names.add(cells.name.trim().toLowerCase());
    if (typeof cells.device === 'string') devices.add(cells.device);
  }
  const existing = new Map<string, CheckRow[]>();
  for (const row of await checksNamed(s.tx, s.practiceId, [...names])) {
    const key = row.name.trim().toLowerCase();
    existing.set(key, [...(existing.get(key) ?? []), row]);
  }
  return { parsed, existing, devices: await deviceReferences(s, [...devices]), mayAimPrivate };
}

/** A host and maybe a port from "host", "host:443", "[::1]:443" or a URL (exports keep certificate checks as URLs). */
function hostAndPort(value: string): { host: string; port?: number } {
  if (value.includes('://')) {
    try {
      const url = new URL(value);
      return { host: url.hostname, ...(url.port ? { port: Number(url.port) } : {}) };
    } catch {
      return { host: value };
    }
  }
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(value);
  return m ? { host: m[1]!, port: Number(m[2]) } : { host: value };
}

/** The probe the row describes, on top of the matched check's when it has one. */
function probeFromCells(kind: ProbeKind, row: CheckCsvRow, base: CheckInput | undefined): Record<string, unknown> {
  const { cells } = row;
  const probe: Record<string, unknown> = base?.probe.kind === kind ? { ...base.probe } : { kind };
  const where = (cells.host ?? cells.target) as string | undefined;
  if (kind === 'http' && (cells.target ?? cells.host) !== undefined) probe.url = cells.target ?? cells.host;
  if (kind === 'dns' && where !== undefined) probe.name = hostAndPort(where).host;
  if ((kind === 'tcp' || kind === 'tls') && where !== undefined) Object.assign(probe, hostAndPort(where));
  if (cells.port !== undefined) probe.port = cells.port;
  for (const field of probeColumns[kind]) if (cells[field] !== undefined) probe[field] = cells[field];
  return probe;
}

/** The CSV column a schema issue is about. */
function fieldOf(path: readonly PropertyKey[], row: CheckCsvRow): CheckImportField {
  const [head, sub] = path.map(String);
  if (head === 'probe') {
    if (sub === 'url') return row.cells.target !== undefined || row.cells.host === undefined ? 'target' : 'host';
    if (sub === 'host' || sub === 'name') return row.cells.host !== undefined ? 'host' : 'target';
    if (sub === undefined || sub === 'kind') return 'kind';
    return sub as CheckImportField;
  }
  if (head === 'deviceId') return 'device';
  return head as CheckImportField;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, key) => (v as Record<PropertyKey, unknown> | undefined)?.[key], value);
}

function resolveDevice(ctx: Context, value: string): { id?: string; message?: string } {
  const serial = ctx.devices.bySerial.get(value);
  if (serial) return { id: serial };
  const named = ctx.devices.byName.get(value.toLowerCase()) ?? [];
  if (named.length > 1) return { message: `matches ${named.length} devices by name; use the device's serial` };
  if (named.length === 1) return { id: named[0] };
  return { message: 'no device of this practice has this serial or name' };
}

/** What an update changes: the probe's target and settings, then the check's own settings, by name. */
function changesOf(row: CheckRow, input: CheckInput): { changes: string[]; patch: CheckPatch } {
  const before = checkInputOf(row);
  const changes: string[] = [];
  const stored = storedProbe(input.probe);
  if (stored.target !== row.target) changes.push('target');
  const was = row.settings as Record<string, unknown>;
  const now = stored.settings as Record<string, unknown>;
  for (const key of new Set([...Object.keys(was), ...Object.keys(now)]))
    if (canonicalJson(was[key] ?? null) !== canonicalJson(now[key] ?? null)) changes.push(key);
  const patch: Record<string, unknown> = changes.length > 0 ? { probe: input.probe } : {};
  for (const key of checkColumns)
    if (before[key] !== input[key]) {
      changes.push(key === 'deviceId' ? 'device' : key);
      patch[key] = input[key];
    }
  return { changes, patch: patch as CheckPatch };
}

/** One row's check as it would be, or the row's errors. */
function planRow(
  ctx: Context,
  row: CheckCsvRow,
  match: CheckRow | undefined,
): { input: CheckInput; errors: RowError[] } | { input?: undefined; errors: RowError[] } {
  const column = (field: CheckImportField) => ctx.parsed.columns[field] ?? field;
  const { cells } = row;
  const errors: RowError[] = [];
  const base = match ? checkInputOf(match) : undefined;
  const kind = cells.kind ?? base?.probe.kind;
  if (!kind) return { errors: [{ column: column('kind'), message: 'is needed to add a check' }] };
  if (base && kind !== base.probe.kind)
    errors.push({
      column: column('kind'),
      message: `the check "${base.name}" is a ${base.probe.kind} check; a check's kind stays (rename the row to add another check)`,
    });
  for (const field of allProbeColumns)
    if (cells[field] !== undefined && !probeColumns[kind].includes(field))
      errors.push({ column: column(field), message: `does not apply to a ${kind} check` });
  if (kind === 'push' || kind === 'agent')
    for (const field of ['target', 'host', 'port'] as const)
      if (cells[field] !== undefined) errors.push({ column: column(field), message: `a ${kind} check has no target` });
  if (kind === 'http' && cells.port !== undefined)
    errors.push({ column: column('port'), message: 'an http check takes its port from the URL' });
  let deviceId = base?.deviceId ?? null;
  if (typeof cells.device === 'string') {
    const device = resolveDevice(ctx, cells.device);
    if (device.message) errors.push({ column: column('device'), message: device.message });
    deviceId = device.id ?? null;
  }
  if (errors.length > 0) return { errors };

  const candidate = {
    ...base,
    name: base?.name ?? cells.name,
    probe: probeFromCells(kind, row, base),
    deviceId,
    ...Object.fromEntries(
      (
        [
          'intervalSeconds',
          'failureThreshold',
          'recoveryThreshold',
          'activity',
          'paused',
          'allowPrivateTargets',
        ] as const
      )
        .filter((f) => cells[f] !== undefined)
        .map((f) => [f, cells[f]]),
    ),
  };
  const parsed = checkInputSchema.safeParse(candidate);
  if (!parsed.success)
    return {
      errors: parsed.error.issues.map((issue) => ({
        column: column(fieldOf(issue.path, row)),
        message:
          valueAt(candidate, issue.path) === undefined && issue.code === 'invalid_type'
            ? 'is needed to add a check'
            : issue.message,
      })),
    };
  const input = parsed.data;
  // The single create's outbound rules: a private literal needs allowPrivateTargets, and only a
  // signed-in administrator may allow it (or move a check that allows it).
  const probeMoved = !base || canonicalJson(base.probe) !== canonicalJson(input.probe);
  if (input.allowPrivateTargets && !ctx.mayAimPrivate && (cells.allowPrivateTargets === true || probeMoved))
    return {
      errors: [
        {
          column: column('allowPrivateTargets'),
          message: 'needs a signed-in practice administrator; API tokens cannot',
        },
      ],
    };
  const literal = input.allowPrivateTargets ? undefined : literalHost(input.probe);
  if (literal)
    return {
      errors: [
        {
          column: column(input.probe.kind === 'dns' ? 'server' : cells.host !== undefined ? 'host' : 'target'),
          message: `${literal} is a private or reserved address (allowPrivateTargets allows it)`,
        },
      ],
    };
  return { input, errors: [] };
}

/** The plan for every row of the file, against the practice's checks and devices as they are now. */
function planImport(ctx: Context): Planned {
  const rows: CheckImportRow[] = [];
  const summary = { create: 0, update: 0, unchanged: 0, error: 0 };
  const creates: Planned['creates'] = [];
  const updates: Planned['updates'] = [];
  const seenNames = new Map<string, number>();
  const column = (field: CheckImportField) => ctx.parsed.columns[field] ?? field;

  for (const row of ctx.parsed.rows) {
    const name = typeof row.cells.name === 'string' ? row.cells.name.trim() : null;
    const key = name?.toLowerCase();
    const errors = [...row.errors];
    const matches = key ? (ctx.existing.get(key) ?? []) : [];
    if (key && seenNames.has(key))
      errors.push({ column: column('name'), message: `repeats the name of line ${seenNames.get(key)}` });
    if (key) seenNames.set(key, row.line);
    if (!name && row.errors.length === 0) errors.push({ column: column('name'), message: 'is needed' });
    if (matches.length > 1)
      errors.push({
        column: column('name'),
        message: `matches ${matches.length} checks of this name; rename them first`,
      });
    const match = matches.length === 1 ? matches[0] : undefined;
    const planned = errors.length === 0 ? planRow(ctx, row, match) : { errors };
    const kind = planned.input?.probe.kind ?? (row.cells.kind as string | undefined) ?? match?.kind ?? null;
    const base = { line: row.line, name, kind, checkId: match?.id ?? null };
    if (!planned.input) {
      summary.error++;
      rows.push({ ...base, action: 'error', changes: [], errors: planned.errors });
    } else if (match) {
      const { changes, patch } = changesOf(match, planned.input);
      if (changes.length === 0) {
        summary.unchanged++;
        continue;
      }
      summary.update++;
      updates.push({ line: row.line, row: match, patch });
      rows.push({ ...base, action: 'update', changes, errors: [] });
    } else {
      summary.create++;
      creates.push({ line: row.line, input: planned.input });
      rows.push({ ...base, action: 'create', changes: Object.keys(row.cells), errors: [] });
    }
  }
  const hash = createHash('sha256');
  for (const r of rows) hash.update(JSON.stringify([r.line, r.action, r.checkId, r.changes, r.errors]));
  for (const c of creates) hash.update(canonicalJson(c.input));
  for (const u of updates) hash.update(canonicalJson([u.row.id, u.patch]));
  return {
    preview: {
      previewHash: hash.digest('hex'),
      columns: ctx.parsed.columns,
      ignoredColumns: ctx.parsed.ignoredColumns,
      summary,
      rows,
    },
    creates,
    updates,
  };
}

export async function previewCheckImport(
  s: InPractice,
  csv: string,
  mayAimPrivate: boolean,
): Promise<CheckImportPreview> {
  const parsed = parseImport(csv);
  return planImport(await context(s, parsed, mayAimPrivate)).preview;
}

/**
 * Applies the import if it is the preview the caller saw and no row has an error: all rows or
 * none, one audit entry naming every check. New push and agent checks' secrets are in the reply
 * only (as tokens; the route makes them URLs).
 */
export async function applyCheckImport(
  s: InPractice,
  request: CheckImportApplyRequest,
  mayAimPrivate: boolean,
): Promise<
  Omit<CheckImportResult, 'checks'> & {
    checks: (Omit<CheckImportResult['checks'][number], 'pushUrl'> & { kind: string; pushToken: string | null })[];
  }
> {
  const parsed = parseImport(request.csv);
  const { preview, creates, updates } = planImport(await context(s, parsed, mayAimPrivate));
  assertPreviewApplies(preview, request.previewHash, "The practice's checks");
  const now = s.clock.now();
  const made = creates.map((c) => ({ line: c.line, ...newCheckRow(s, newId(), c.input) }));
  await insertChecks(
    s.tx,
    made.map((m) => m.row),
  );
  for (const u of updates) await updateCheck(s.tx, u.row.id, patchedRow(u.row, u.patch, now));
  await appendAudit(s.tx, {
    at: now,
    ...s.origin,
    practiceId: s.practiceId,
    action: 'monitor.checks_imported',
    targetType: 'monitor_check_import',
    targetId: preview.previewHash,
    details: {
      summary: preview.summary,
      checks: Object.fromEntries([
        ...made.map(({ row }) => [row.id, { action: 'created', name: row.name, kind: row.kind, target: row.target }]),
        ...updates.map((u) => [u.row.id, { action: 'updated', name: u.row.name, fields: Object.keys(u.patch) }]),
      ]),
    },
  });
  const checks = [
    ...made.map(({ line, row, pushToken }) => ({
      line,
      action: 'create' as const,
      checkId: row.id,
      name: row.name,
      kind: row.kind,
      pushToken,
    })),
    ...updates.map((u) => ({
      line: u.line,
      action: 'update' as const,
      checkId: u.row.id,
      name: u.row.name,
      kind: u.row.kind,
      pushToken: null,
    })),
  ].sort((a, b) => a.line - b.line);
  return { ...preview, checks };
}
