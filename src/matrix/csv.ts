/**
 * The matrix as one CSV file a practice can keep in a spreadsheet (issue 5, point 5). Each row
 * has a `kind`: `hours` (business hours), `party`, `activity` (the activity and its Responsible,
 * Accountable, Consulted, Informed and escalation cells) or `absence`. Lists inside a cell are
 * separated by semicolons. Import reports every bad row with its line and column, and returns no
 * matrix at all if any row is bad.
 */
import { csvCell, fromCsvCell, parseCsvRecords, type CsvProblem } from '../core/csv.ts';
import { echoValue, escapeControls } from '../core/display-text.ts';
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

export type { CsvProblem };

export type CsvImport = { ok: true; matrix: Matrix } | { ok: false; problems: CsvProblem[] };

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
  return `${[CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c] ?? '')).join(','))].join('\r\n')}\r\n`;
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
  problems.push({ line, column, message: `must be yes or no, not ${echoValue(value)}` });
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

const isColumn = (name: string): name is Column => (CSV_COLUMNS as readonly string[]).includes(name);

/** A column name as a problem names it: short, with control characters made visible. */
function columnLabel(name: string, index: number): string {
  if (!name) return `column ${index + 1}`;
  return escapeControls(name.length > 40 ? `${name.slice(0, 40)}...` : name);
}

/** Each column's position, or the problems that make the header unusable: an unknown or repeated column, no kind. */
function readHeader(header: { line: number; fields: string[] }): Map<Column, number> | CsvProblem[] {
  const problems: CsvProblem[] = [];
  const columns = new Map<Column, number>();
  header.fields.forEach((raw, i) => {
    const name = raw.trim();
    const at = columns.get(name as Column);
    if (!isColumn(name)) problems.push({ line: header.line, column: columnLabel(name, i), message: 'unknown column' });
    else if (at !== undefined)
      problems.push({
        line: header.line,
        column: name,
        message: `appears twice in the header (columns ${at + 1} and ${i + 1}): which copy counts would be a guess`,
      });
    else columns.set(name, i);
  });
  if (!columns.has('kind'))
    problems.push({ line: header.line, column: 'kind', message: 'the header needs a kind column' });
  return problems.length > 0 ? problems : columns;
}

export function csvToMatrix(text: string): CsvImport {
  const parsed = parseCsvRecords(text.replace(/^\uFEFF/, ''));
  if (!Array.isArray(parsed)) return { ok: false, problems: [parsed] };
  const header = parsed[0];
  if (!header) return { ok: false, problems: [{ line: 1, column: '', message: 'the file is empty' }] };
  // A bad header is a format error on its own: rows read through it would only add false findings.
  const columns = readHeader(header);
  if (Array.isArray(columns)) return { ok: false, problems: columns };
  const width = header.fields.length;
  const problems: CsvProblem[] = [];
  const input: MatrixInput = { parties: [], activities: [], assignments: [], absences: [] };
  const origins: Origins = { parties: [], activities: [], absences: [] };
  for (let k = 1; k < parsed.length; k++) {
    const rec = parsed[k]!;
    if (rec.fields.length !== width) {
      problems.push({
        line: rec.line,
        column: '',
        message: `has ${rec.fields.length} fields; the header has ${width}`,
      });
      continue;
    }
    const cell = (c: Column): string => {
      const i = columns.get(c);
      return i === undefined ? '' : fromCsvCell(rec.fields[i]!.trim());
    };
    const opt = (c: Column) => cell(c) || undefined;
    const kind = cell('kind');
    switch (kind) {
      case 'hours':
        input.hours = {
          timeZone: cell('time_zone'),
          days: splitList(cell('days')).map(Number),
          start: cell('start'),
          end: cell('end'),
        };
        origins.hours = rec.line;
        break;
      case 'party':
        input.parties.push({
          id: cell('id'),
          name: cell('name'),
          side: cell('side') as never,
          kind: cell('party_kind') as never,
          ...(opt('coverage') ? { coverage: cell('coverage') as never } : {}),
          ...(opt('role') ? { role: cell('role') } : {}),
          covers: splitList(cell('covers')),
          securityOfficial: yesNo(cell('security_official'), rec.line, 'security_official', problems),
          ...(opt('scope') ? { scope: splitList(cell('scope')) as never } : {}),
        });
        origins.parties.push(rec.line);
        break;
      case 'activity':
        input.activities.push({
          id: cell('id'),
          name: cell('name'),
          function: cell('function') as never,
          coverage: cell('coverage') as never,
          sla: cell('sla') as never,
          practiceAccountable: yesNo(cell('practice_accountable'), rec.line, 'practice_accountable', problems),
        });
        input.assignments.push({
          activity: cell('id'),
          responsible: splitList(cell('responsible')),
          accountable: splitList(cell('accountable')),
          consulted: splitList(cell('consulted')),
          informed: splitList(cell('informed')),
          escalation: splitList(cell('escalation')),
          ...(opt('split') ? { split: cell('split') } : {}),
        });
        origins.activities.push(rec.line);
        break;
      case 'absence':
        input.absences!.push({
          party: cell('id'),
          from: cell('from'),
          to: cell('to'),
          ...(opt('note') ? { note: cell('note') } : {}),
        });
        origins.absences.push(rec.line);
        break;
      default:
        problems.push({
          line: rec.line,
          column: 'kind',
          message: `must be hours, party, activity or absence, not ${echoValue(kind)}`,
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
