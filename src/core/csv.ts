/**
 * CSV as spreadsheets and RMM tools write it (RFC 4180): records with the line each starts on,
 * and cells made safe to open in a spreadsheet. Shared by the matrix's CSV and the device import
 * and export.
 */

/** A problem with a line and a column of a CSV file (column '' when it concerns the whole line). */
export interface CsvProblem {
  line: number;
  column: string;
  message: string;
}

export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Cells a spreadsheet would run as a formula (OWASP CSV injection: `=`, `+`, `-`, `@`, tab or
 * carriage return first) get a leading apostrophe, which spreadsheets show as text and import
 * takes off again. A value that itself starts with an apostrophe before one of those (or before
 * another apostrophe) gets one too, so every value reads back exactly as it was written.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const ESCAPED_START = /^'[=+\-@\t\r']/;

function toCell(value: string): string {
  return FORMULA_START.test(value) || ESCAPED_START.test(value) ? `'${value}` : value;
}

export function fromCsvCell(value: string): string {
  return ESCAPED_START.test(value) ? value.slice(1) : value;
}

/** One cell as written: formula-safe (above), quoted when it holds a comma, quote, line end or edge spaces. */
export function csvCell(raw: string): string {
  const value = toCell(raw);
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Where the unquoted text from `i` ends: the next comma, line end or the end of the text. */
function fieldEnd(text: string, i: number): number {
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === COMMA || c === LF || c === CR) return j;
  }
  return text.length;
}

function newlinesIn(text: string, from: number, to: number): number {
  let n = 0;
  for (let j = from; j < to; j++) if (text.charCodeAt(j) === LF) n++;
  return n;
}

/**
 * RFC 4180 records with the line each starts on; quoted fields may hold commas, quotes and
 * newlines. Fields are cut out with slice and indexOf rather than built a character at a time:
 * that made a 5 MB file take 3-5 s, mostly in the garbage collector (docs/benchmarks.md).
 */
export function parseCsvRecords(text: string): CsvRecord[] | CsvProblem {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let line = 1;
  let start = 1;
  let i = 0;
  for (;;) {
    let value = '';
    if (text.charCodeAt(i) === QUOTE) {
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return { line: start, column: '', message: 'a quoted field is never closed' };
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) !== QUOTE) {
          line += newlinesIn(text, i, q);
          i = q + 1;
          break;
        }
        value += '"';
        j = q + 2;
      }
    }
    const end = fieldEnd(text, i);
    value += text.slice(i, end);
    fields.push(value);
    i = end;
    if (i < text.length && text.charCodeAt(i) === COMMA) {
      i++;
      continue;
    }
    // A line end or the end of the text closes the record; blank lines are skipped.
    if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
    if (i >= text.length) return records;
    i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    fields = [];
    line++;
    start = line;
  }
}

/** A header or word as compared: lower case, letters and digits only ("Serial No." and "serial_no" are one header). */
export const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A yes/no cell's words, folded, as spreadsheets and other tools' exports write them. */
export const csvYesWords: ReadonlySet<string> = new Set(['yes', 'y', 'true', '1', 'on', 'enabled']);
export const csvNoWords: ReadonlySet<string> = new Set(['no', 'n', 'false', '0', 'off', 'disabled']);

/** A cell its column's reader refuses; the message says what is wrong with the value. */
export class CellError extends Error {}

export interface ColumnsSpec<F extends string> {
  /** Folded header (see fold) -> the field it feeds. */
  headerField: ReadonlyMap<string, F>;
  /** Per field, the cell (never empty) as the field takes it; throws CellError on a bad value. */
  readers: Record<F, (cell: string) => unknown>;
  maxRows: number;
  /** Why the header cannot serve (a column every row needs is missing), or null. */
  missing: (fields: ReadonlySet<F>) => string | null;
  /** When set, a file without a row below its header is refused with this. */
  noRows?: string;
}

export interface ColumnRows<F extends string> {
  /** Which header feeds each field. */
  columns: Partial<Record<F, string>>;
  ignoredColumns: string[];
  /** Per row: the non-empty cells as read, and each refused cell's column and why. */
  rows: { line: number; cells: Partial<Record<F, unknown>>; errors: { column: string; message: string }[] }[];
}

/**
 * An import file read by its header (the device and check imports): each header feeds the field
 * its folded name names, or is listed as ignored; a field fed twice, a missing column or too many
 * rows refuses the whole file. Each row's cells are read by their field's reader, an empty cell
 * left out (it changes nothing), a bad one named with its column.
 */
export function readCsvColumns<F extends string>(text: string, spec: ColumnsSpec<F>): ColumnRows<F> | CsvProblem {
  const records = parseCsvRecords(text.replace(/^\uFEFF/, ''));
  if (!Array.isArray(records)) return records;
  const [header, ...body] = records;
  if (spec.noRows !== undefined && body.length === 0) return { line: 1, column: '', message: spec.noRows };
  if (!header) return { line: 1, column: '', message: 'the file is empty' };
  if (body.length > spec.maxRows)
    return { line: 1, column: '', message: `has ${body.length} rows; one import takes at most ${spec.maxRows}` };
  const positions = new Map<F, number>();
  const ignoredColumns: string[] = [];
  for (const [i, raw] of header.fields.entries()) {
    const field = spec.headerField.get(fold(raw));
    if (!field) ignoredColumns.push(raw.trim());
    else if (positions.has(field)) {
      const first = header.fields[positions.get(field)!]!.trim();
      return {
        line: header.line,
        column: raw.trim(),
        message: `feeds ${field}, as "${first}" does: keep one of the two`,
      };
    } else positions.set(field, i);
  }
  const missing = spec.missing(new Set(positions.keys()));
  if (missing) return { line: header.line, column: '', message: missing };
  const columns = Object.fromEntries([...positions].map(([f, i]) => [f, header.fields[i]!.trim()])) as Partial<
    Record<F, string>
  >;
  const rows = body.map((rec) => {
    if (rec.fields.length !== header.fields.length) {
      const message = `has ${rec.fields.length} fields; the header has ${header.fields.length}`;
      return { line: rec.line, cells: {}, errors: [{ column: '', message }] };
    }
    const cells: Partial<Record<F, unknown>> = {};
    const errors: { column: string; message: string }[] = [];
    for (const [field, i] of positions) {
      const cell = fromCsvCell(rec.fields[i]!.trim());
      if (cell === '') continue;
      try {
        cells[field] = spec.readers[field](cell);
      } catch (err) {
        if (!(err instanceof CellError)) throw err;
        errors.push({ column: columns[field]!, message: err.message });
      }
    }
    return { line: rec.line, cells, errors };
  });
  return { columns, ignoredColumns, rows };
}
