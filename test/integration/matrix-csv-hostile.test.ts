/**
 * Issue 15, defect 1, through the API on both engines: names a spreadsheet would run (OWASP CSV
 * injection), control sequences and other scripts go out in the CSV export neutralised (a leading
 * apostrophe, quoted where CSV needs it) and come back through the CSV import exactly as they were.
 */
import { beforeAll, expect, it } from 'vitest';
import { versionViewSchema } from '../../src/matrix/version-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

/** Each name and the cell the export must write for it, worked out by hand. */
const hostile = [
  { name: "=cmd|' /C calc'!A0", cell: "'=cmd|' /C calc'!A0" },
  { name: '+SUM(1+1)*cmd|calc', cell: "'+SUM(1+1)*cmd|calc" },
  { name: '@SUM(A1:A9)', cell: "'@SUM(A1:A9)" },
  { name: '-2+3', cell: "'-2+3" },
  { name: '=HYPERLINK("http://evil.example","click")', cell: '"\'=HYPERLINK(""http://evil.example"",""click"")"' },
  // Already starting with an apostrophe before a formula character: one more, taken off on import.
  { name: "'=already quoted", cell: "''=already quoted" },
  { name: '\u001b[2J\u001b[31mred alert', cell: '\u001b[2J\u001b[31mred alert' },
  { name: 'Zoë Ångström 医生 🩺', cell: 'Zoë Ångström 医生 🩺' },
] as const;

describeEachEngine('matrix CSV export and import of hostile names', (db) => {
  let world: World;
  let msp: SignedIn;
  let lakeside: SignedIn;

  beforeAll(async () => {
    world = await buildWorld(db());
    msp = await signInAs(world, world.users.mspAdmin);
    lakeside = await signInAs(world, world.users.otherAdmin);
  });

  const versions = (practiceId: string) => `/api/v1/practices/${practiceId}/matrix/versions`;
  const create = async (practiceId: string, source: unknown, session = msp) => {
    const res = await world.app.inject({
      method: 'POST',
      url: versions(practiceId),
      headers: as(session),
      payload: { source } as object,
    });
    expect(res.statusCode, res.body).toBe(201);
    return versionViewSchema.parse(res.json());
  };

  it('neutralises formula cells on export and reads every name back unchanged', async () => {
    const matrix = smallMatrix();
    const names = hostile.map((h) => h.name);
    matrix.parties.forEach((p, i) => (p.name = names[i]!));
    matrix.activities!.forEach((a, i) => (a.name = names[matrix.parties.length + i]!));
    matrix.absences = [{ party: 'dana', from: '2026-12-01', to: '2026-12-02', note: names[7] }];
    const draft = await create(world.practices.a, { kind: 'matrix', matrix });
    expect(draft.matrix.parties.map((p) => p.name)).toEqual(names.slice(0, 4));

    const res = await world.app.inject({
      method: 'GET',
      url: `${versions(world.practices.a)}/${draft.number}/export?format=csv`,
      headers: as(msp),
    });
    expect(res.statusCode, res.body).toBe(200);
    const cells = res.body.split(/\r?\n/).flatMap((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
    for (const { cell } of hostile) expect(cells, cell).toContain(cell);
    // No cell a spreadsheet would evaluate: none starts with = + - @ (bare or quoted).
    expect(cells.filter((c) => /^"?[=+\-@\t\r]/.test(c))).toEqual([]);

    // Back in through the import, into another practice: the same matrix, names and all.
    const imported = await create(world.practices.b, { kind: 'csv', csv: res.body });
    expect(imported.matrix).toEqual(draft.matrix);
  });

  it('takes a tab or carriage return off the start of a name, so none reaches an export', async () => {
    const matrix = smallMatrix();
    matrix.parties[1]!.name = '\t=1+1';
    matrix.parties[2]!.name = '\r+SUM(1)';
    const draft = await create(world.practices.c, { kind: 'matrix', matrix }, lakeside);
    expect(draft.matrix.parties.slice(1, 3).map((p) => p.name)).toEqual(['=1+1', '+SUM(1)']);
    const res = await world.app.inject({
      method: 'GET',
      url: `${versions(world.practices.c)}/${draft.number}/export?format=csv`,
      headers: as(lakeside),
    });
    expect(res.body).toContain(",'=1+1,");
    expect(res.body).toContain(",'+SUM(1),");
  });
});
