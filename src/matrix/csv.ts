/**
 * The matrix as one CSV file a practice can keep in a spreadsheet (issue 5, point 5). Each row
 * has a `kind`: `hours` (business hours), `party`, `activity` (the activity and its Responsible,
 * Accountable, Consulted, Informed and escalation cells) or `absence`. Lists inside a cell are
 * separated by semicolons. Import reports every bad row with its line and column, and returns no
 * matrix at all if any row is bad.
 */
import { matrixSchema, referenceIssues, type Matrix, type MatrixInput } from './schema.ts';

export const CSV_COLUMNS = [
  'kind',
  'id',
  'name',
  'function',
  'side',
  'party_kind',
  'coverage',
  'sla',
  'practice_accountable',
  'role',
  'covers',
  'security_official',
  'scope',
  'responsible',
  'accountable',
  'consulted',
  'informed',
  'escalation',
  'split',
  'from',
  'to',
  'note',
  'time_zone',
  'days',
  'start',
  'end',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string>>;

export interface CsvProblem {
  line: number;
  column: string;
  message: string;
}

export type CsvImport = { ok: true; matrix: Matrix } | { ok: false; problems: CsvProblem[] };

function quote(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

const list = (xs: readonly (string | number)[] | undefined) => (xs ?? []).join(';');
const flag = (b: boolean) => (b ? 'yes' : 'no');

export function matrixToCsv(m: Matrix): string {
  const rows: Row[] = [
    { kind: 'hours', time_zone: m.hours.timeZone, days: list(m.hours.days), start: m.hours.start, end: m.hours.end },
  ];
  for (const p of m.parties)
    rows.push({
      kind: 'party',
      id: p.id,
      name: p.name,
      side: p.side,
      party_kind: p.kind,
      coverage: p.coverage,
      role: p.role ?? '',
      covers: list(p.covers),
      security_official: flag(p.securityOfficial),
      scope: p.scope ? list(p.scope) : '',
    });
  const byActivity = new Map(m.assignments.map((a) => [a.activity, a]));
  for (const a of m.activities) {
    const r = byActivity.get(a.id);
    rows.push({
      kind: 'activity',
      id: a.id,
      name: a.name,
      function: a.function,
      coverage: a.coverage,
      sla: a.sla,
      practice_accountable: flag(a.practiceAccountable),
      responsible: list(r?.responsible),
      accountable: list(r?.accountable),
      consulted: list(r?.consulted),
      informed: list(r?.informed),
      escalation: list(r?.escalation),
      split: r?.split ?? '',
    });
  }
  for (const ab of m.absences)
    rows.push({ kind: 'absence', id: ab.party, from: ab.from, to: ab.to, note: ab.note ?? '' });
  return `${[CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => quote(r[c] ?? '')).join(','))].join('\r\n')}\r\n`;
}

/** RFC 4180 records with the line each starts on; quoted fields may hold commas, quotes and newlines. */
function parseRecords(text: string): { line: number; fields: string[] }[] | CsvProblem {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
    } else field += c;
  }
  if (quoted) return { line: start, column: '', message: 'a quoted field is never closed' };
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return records;
}

const splitList = (s: string | undefined) =>
  s
    ? s
        .split(';')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

function yesNo(value: string | undefined, line: number, column: Column, problems: CsvProblem[]): boolean {
  if (!value || value === 'no' || value === 'false') return false;
  if (value === 'yes' || value === 'true') return true;
  problems.push({ line, column, message: `must be yes or no, not "${value}"` });
  return false;
}

/** Where each matrix element came from, so a schema problem's path maps back to a line and a column. */
interface Origins {
  hours?: number;
  parties: number[];
  activities: number[];
  absences: number[];
}

const PARTY_COLUMNS: Record<string, Column> = {
  id: 'id',
  name: 'name',
  side: 'side',
  kind: 'party_kind',
  coverage: 'coverage',
  role: 'role',
  covers: 'covers',
  securityOfficial: 'security_official',
  scope: 'scope',
};
const ACTIVITY_COLUMNS: Record<string, Column> = {
  id: 'id',
  name: 'name',
  function: 'function',
  coverage: 'coverage',
  sla: 'sla',
  practiceAccountable: 'practice_accountable',
};
const ASSIGNMENT_COLUMNS: Record<string, Column> = {
  activity: 'id',
  responsible: 'responsible',
  accountable: 'accountable',
  consulted: 'consulted',
  informed: 'informed',
  escalation: 'escalation',
  split: 'split',
};
const ABSENCE_COLUMNS: Record<string, Column> = { party: 'id', from: 'from', to: 'to', note: 'note' };
const HOURS_COLUMNS: Record<string, Column> = { timeZone: 'time_zone', days: 'days', start: 'start', end: 'end' };

function locate(path: readonly PropertyKey[], origins: Origins): { line: number; column: string } {
  const [section, index, field] = path;
  if (section === 'hours') return { line: origins.hours ?? 1, column: HOURS_COLUMNS[String(index)] ?? '' };
  const table: Record<string, [number[], Record<string, Column>]> = {
    parties: [origins.parties, PARTY_COLUMNS],
    activities: [origins.activities, ACTIVITY_COLUMNS],
    assignments: [origins.activities, ASSIGNMENT_COLUMNS],
    absences: [origins.absences, ABSENCE_COLUMNS],
  };
  const [lines, columns] = table[String(section)] ?? [[], {}];
  return { line: (typeof index === 'number' ? lines[index] : undefined) ?? 1, column: columns[String(field)] ?? '' };
}

export function csvToMatrix(text: string): CsvImport {
  const parsed = parseRecords(text.replace(/^\uFEFF/, ''));
  if (!Array.isArray(parsed)) return { ok: false, problems: [parsed] };
  const [header, ...records] = parsed;
  if (!header) return { ok: false, problems: [{ line: 1, column: '', message: 'the file is empty' }] };
  const problems: CsvProblem[] = [];
  const names = header.fields.map((f) => f.trim());
  names.forEach((n, i) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(n))
      problems.push({ line: header.line, column: n || `column ${i + 1}`, message: 'unknown column' });
  });
  if (!names.includes('kind'))
    problems.push({ line: header.line, column: 'kind', message: 'the header needs a kind column' });
  const input: MatrixInput = { parties: [], activities: [], assignments: [], absences: [] };
  const origins: Origins = { parties: [], activities: [], absences: [] };
  for (const rec of records) {
    if (rec.fields.length !== names.length) {
      problems.push({
        line: rec.line,
        column: '',
        message: `has ${rec.fields.length} fields; the header has ${names.length}`,
      });
      continue;
    }
    const r: Row = Object.fromEntries(names.map((n, i) => [n, rec.fields[i]!.trim()]));
    const opt = (c: Column) => (r[c] ? r[c] : undefined);
    switch (r.kind) {
      case 'hours':
        input.hours = {
          timeZone: r.time_zone ?? '',
          days: splitList(r.days).map(Number),
          start: r.start ?? '',
          end: r.end ?? '',
        };
        origins.hours = rec.line;
        break;
      case 'party':
        input.parties.push({
          id: r.id ?? '',
          name: r.name ?? '',
          side: r.side as never,
          kind: r.party_kind as never,
          ...(opt('coverage') ? { coverage: r.coverage as never } : {}),
          ...(opt('role') ? { role: r.role } : {}),
          covers: splitList(r.covers),
          securityOfficial: yesNo(r.security_official, rec.line, 'security_official', problems),
          ...(opt('scope') ? { scope: splitList(r.scope) as never } : {}),
        });
        origins.parties.push(rec.line);
        break;
      case 'activity':
        input.activities.push({
          id: r.id ?? '',
          name: r.name ?? '',
          function: r.function as never,
          coverage: r.coverage as never,
          sla: r.sla as never,
          practiceAccountable: yesNo(r.practice_accountable, rec.line, 'practice_accountable', problems),
        });
        input.assignments.push({
          activity: r.id ?? '',
          responsible: splitList(r.responsible),
          accountable: splitList(r.accountable),
          consulted: splitList(r.consulted),
          informed: splitList(r.informed),
          escalation: splitList(r.escalation),
          ...(opt('split') ? { split: r.split } : {}),
        });
        origins.activities.push(rec.line);
        break;
      case 'absence':
        input.absences!.push({
          party: r.id ?? '',
          from: r.from ?? '',
          to: r.to ?? '',
          ...(opt('note') ? { note: r.note } : {}),
        });
        origins.absences.push(rec.line);
        break;
      default:
        problems.push({
          line: rec.line,
          column: 'kind',
          message: `must be hours, party, activity or absence, not "${r.kind ?? ''}"`,
        });
    }
  }
  const result = matrixSchema.safeParse(input);
  if (!result.success) {
    // Cross-reference checks do not run on input with type errors; run them anyway to list everything at once.
    const issues = [...result.error.issues, ...referenceIssues(input as Parameters<typeof referenceIssues>[0])];
    const seen = new Set<string>();
    for (const issue of issues) {
      const key = `${issue.path.join('.')}:${issue.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push({ ...locate(issue.path, origins), message: issue.message });
    }
  }
  if (problems.length > 0 || !result.success) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  return { ok: true, matrix: result.data };
}
