/**
 * Matrix versions over HTTP, on both engines: draft from an assessment (in the practice's time
 * zone), edit with revisions, propose (the proposer's side agreeing by proposing), agree on the
 * other side, supersede, diff, export, route by the agreed version (it follows a new
 * agreement at once), and every refusal: stale revisions, errors, wrong side, wrong tenant, bad input.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { csvToMatrix } from '../../src/matrix/csv.ts';
import type { MatrixInput } from '../../src/matrix/schema.ts';
import {
  diffSchema,
  routeSchema,
  versionListSchema,
  versionViewSchema,
  type VersionView,
} from '../../src/matrix/version-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

const dental = parse(
  readFileSync(path.join(import.meta.dirname, '..', '..', 'examples', 'dental-4-no-it.yaml'), 'utf8'),
) as Record<string, unknown>;

describeEachEngine('matrix versions API', (db) => {
  let world: World;
  let practice: SignedIn;
  let msp: SignedIn;
  let tech: SignedIn;
  let base: string;

  beforeAll(async () => {
    world = await buildWorld(db());
    practice = await signInAs(world, world.users.practiceAdmin);
    msp = await signInAs(world, world.users.mspAdmin);
    tech = await signInAs(world, world.users.technician);
    base = `/api/v1/practices/${world.practices.a}/matrix`;
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, session: SignedIn, payload?: unknown) =>
    world.app.inject({
      method,
      url: `${base}${url}`,
      headers: as(session),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const view = async (res: Awaited<ReturnType<typeof call>>, status = 200): Promise<VersionView> => {
    expect(res.statusCode, res.body).toBe(status);
    return versionViewSchema.parse(res.json());
  };
  /**
   * The findings besides the night escalation of the advisor's drafts: their 24x7 rows escalate
   * to business-hours teams (issue 15 made that a warning; the drafts' half of the issue fixes it).
   */
  const save = (v: VersionView, edit: (m: MatrixInput) => void, session = tech) => {
    const matrix = structuredClone(v.matrix) as MatrixInput;
    edit(matrix);
    return call('PUT', `/versions/${v.number}`, session, { revision: v.revision, matrix });
  };
  /** Proposed by the practice, which agrees by proposing; the MSP's agreement puts it in force. */
  const proposeAndAgree = async (n: number) => {
    await view(await call('POST', `/versions/${n}/propose`, practice, {}));
    return view(await call('POST', `/versions/${n}/agree`, msp, {}));
  };

  it('drafts from an assessment, refuses stale saves and errors, and needs both sides to agree', async () => {
    const run = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.a}/assessments`,
      headers: as(practice),
      payload: { profile: dental, seed: 3, iterations: 1000 },
    });
    const assessmentId = run.json().id as string;
    const v1 = await view(
      await call('POST', '/versions', practice, {
        source: { kind: 'assessment', assessmentId },
        note: 'From the advisor',
      }),
      201,
    );
    expect(v1).toMatchObject({ number: 1, status: 'draft', revision: 1, note: 'From the advisor', errorCount: 0 });
    expect(v1.findings).toEqual([]);
    expect(v1.requiredSides).toEqual(['practice', 'msp']);
    // The profile says New York; the practice record, which the draft follows, says Chicago.
    expect(dental.practice).toMatchObject({ timeZone: 'America/New_York' });
    expect(v1.matrix.hours.timeZone).toBe('America/Chicago');
    expect(v1.createdBy?.id).toBe(world.users.practiceAdmin.id);

    // Only one open version at a time.
    expect((await call('POST', '/versions', practice, { source: { kind: 'blank' } })).statusCode).toBe(409);

    // An edit that leaves "Patch workstations" with nobody Responsible: saved, and found.
    const broken = await view(
      await save(v1, (m) => (m.assignments!.find((a) => a.activity === 'patching')!.responsible = [])),
    );
    expect(broken.revision).toBe(2);
    expect(broken.findings.map((f) => `${f.rule}:${f.activity}`)).toEqual(['no_responsible:patching']);
    // Someone saving from the old revision is refused, and nothing changes.
    const stale = await save(v1, (m) => (m.activities![0]!.name = 'Lost edit'));
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/revision 1, it is now at 2/);
    // A draft with errors cannot be proposed; the reply names the activity.
    const refused = await call('POST', '/versions/1/propose', practice, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details).toEqual([
      { path: 'matrix.assignments.patching', message: expect.stringContaining('Patch workstations') },
    ]);

    const fixed = await view(
      await save(
        broken,
        (m) => (m.assignments!.find((a) => a.activity === 'patching')!.responsible = ['msp-service-desk']),
      ),
    );
    expect(fixed.findings).toEqual([]);
    expect((await call('POST', '/versions/1/propose', tech, {})).statusCode).toBe(403); // technicians edit, admins propose
    world.clock.advance(60_000);
    const proposed = await view(await call('POST', '/versions/1/propose', practice, { note: 'Ready to sign' }));
    // Proposing is the practice's agreement: recorded with the proposal, no separate step.
    expect(proposed).toMatchObject({
      status: 'proposed',
      note: 'Ready to sign',
      proposed: { at: world.clock.now().toISOString() },
      agreements: { practice: { at: world.clock.now().toISOString() }, msp: null },
      agreedAt: null,
    });
    expect(proposed.proposed?.by?.id).toBe(world.users.practiceAdmin.id);
    expect(proposed.agreements.practice?.by?.id).toBe(world.users.practiceAdmin.id);
    expect((await save(proposed, () => undefined)).statusCode).toBe(409); // no edits once proposed

    expect((await call('POST', '/versions/1/agree', tech, {})).statusCode).toBe(403);
    const again = await call('POST', '/versions/1/agree', practice, {});
    expect(again.statusCode).toBe(409); // once per side, and proposing was the practice's once
    expect(again.json().error.message).toBe('The practice side has already agreed to version 1');
    world.clock.advance(60_000);
    const agreed = await view(await call('POST', '/versions/1/agree', msp, {}));
    expect(agreed).toMatchObject({ status: 'agreed', agreedAt: world.clock.now().toISOString() });
    expect(agreed.agreements.msp?.by?.id).toBe(world.users.mspAdmin.id);
  });

  it('routes by the agreed version, and follows a newly agreed one at once; the old one is superseded and the diff says what changed', async () => {
    const route = async () => {
      const res = await call('GET', '/route?activity=patching&at=2026-11-24T15:00:00Z', tech);
      expect(res.statusCode, res.body).toBe(200);
      return routeSchema.parse(res.json());
    };
    expect(await route()).toMatchObject({
      version: 1,
      responsible: { id: 'msp-service-desk' },
      accountable: { id: 'practice-leadership' },
    });

    const v2 = await view(await call('POST', '/versions', tech, {}), 201); // a copy of the version in force
    expect(v2).toMatchObject({ number: 2, status: 'draft' });
    expect(v2.matrix).toEqual((await view(await call('GET', '/versions/1', tech))).matrix);
    // The NOC takes over workstation patching, which the MSP's contract already covers.
    expect(v2.matrix.parties.find((p) => p.id === 'msp-noc')!.scope).toContain('end_user_devices');
    const edited = await view(
      await save(v2, (m) => {
        m.assignments!.find((a) => a.activity === 'patching')!.responsible = ['msp-noc'];
      }),
    );
    expect(edited.findings).toEqual([]);
    // This time the MSP proposes, agreeing for its side; the practice's agreement puts it in force.
    const offered = await view(await call('POST', '/versions/2/propose', msp, {}));
    expect(offered).toMatchObject({ status: 'proposed', agreements: { practice: null } });
    expect(offered.agreements.msp?.by?.id).toBe(world.users.mspAdmin.id);
    expect((await call('POST', '/versions/2/agree', msp, {})).statusCode).toBe(409);
    expect(await view(await call('POST', '/versions/2/agree', practice, {}))).toMatchObject({ status: 'agreed' });

    expect(await route()).toMatchObject({ version: 2, responsible: { id: 'msp-noc' } });
    const versions = versionListSchema.parse((await call('GET', '/versions', tech)).json()).versions;
    expect(versions.map((v) => [v.number, v.status])).toEqual([
      [2, 'agreed'],
      [1, 'superseded'],
    ]);
    expect(versions[1]!.supersededAt).not.toBeNull();

    const diff = diffSchema.parse((await call('GET', '/diff?from=1&to=2', tech)).json());
    expect(diff.changes).toEqual([
      {
        kind: 'assignment',
        id: 'patching',
        change: 'changed',
        fields: [{ field: 'Responsible', before: 'MSP service desk', after: 'MSP network operations centre (NOC)' }],
        summary: 'Patch workstations: Responsible MSP service desk -> MSP network operations centre (NOC)',
      },
    ]);
    expect(edited.revision).toBe(2);
    const audit = await db().query<{ action: string }>(
      "select action from audit_log where practice_id = $1 and action like 'matrix.%' order by seq",
      [world.practices.a],
    );
    expect(audit.map((r) => r.action)).toEqual([
      'matrix.draft_created',
      'matrix.draft_saved',
      'matrix.draft_saved',
      'matrix.proposed',
      'matrix.agreed_in_force',
      'matrix.draft_created',
      'matrix.draft_saved',
      'matrix.proposed',
      'matrix.agreed_in_force',
    ]);
    const proposals = await db().query<{ details: { side?: string } }>(
      "select details from audit_log where practice_id = $1 and action = 'matrix.proposed' order by seq",
      [world.practices.a],
    );
    expect(proposals.map((r) => r.details.side)).toEqual(['practice', 'msp']);
  });

  it('returns a proposal to draft, withdrawing the agreements given', async () => {
    const v3 = await view(await call('POST', '/versions', practice, { source: { kind: 'version', number: 1 } }), 201);
    const offered = await view(await call('POST', `/versions/${v3.number}/propose`, practice, {}));
    expect(offered.agreements.practice).not.toBeNull();
    const back = await view(await call('POST', `/versions/${v3.number}/revise`, msp, {}));
    expect(back).toMatchObject({
      status: 'draft',
      proposed: null,
      agreements: { practice: null, msp: null },
      revision: v3.revision + 1,
    });
    expect((await call('POST', `/versions/${v3.number}/revise`, msp, {})).statusCode).toBe(409);
  });

  it('exports CSV that imports back to the same matrix, Markdown and a printable schedule', async () => {
    const v1 = await view(await call('GET', '/versions/1', tech));
    const csv = await call('GET', '/versions/1/export?format=csv&download=1', tech);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="tandem-matrix-v1.csv"');
    expect(csvToMatrix(csv.body)).toEqual({ ok: true, matrix: v1.matrix });
    const md = await call('GET', '/versions/1/export?format=markdown', tech);
    expect(md.body).toContain('Patch workstations');
    const html = await call('GET', '/versions/1/export?format=html', tech);
    expect(html.headers['content-type'], html.body).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('Responsibility schedule, version 1 (superseded)');
    // Fit to attach to the agreement: the parties, the agreement record and the hours in the practice's words.
    expect(html.body).toContain('<dt>Practice</dt><dd>Alder Family Medicine</dd>');
    expect(html.body).toContain('<dt>Managed service provider</dt><dd>Harbor IT Partners</dd>');
    expect(html.body).toContain(`<dt>Agreed for the practice</dt><dd>${v1.agreements.practice!.by!.displayName}, `);
    expect(html.body).toContain(`<dt>Agreed for the MSP</dt><dd>${v1.agreements.msp!.by!.displayName}, `);
    expect(html.body).toContain('<dt>Business hours</dt><dd>Monday to Friday, 8:00 to 18:00 America/Chicago</dd>');
    expect(html.body.match(/<div class="signature">/g)).toHaveLength(2);
  });

  it('lets a practice without an MSP agree alone', async () => {
    const owner = await signInAs(world, world.users.otherAdmin);
    const url = `/api/v1/practices/${world.practices.c}/matrix/versions`;
    const solo = smallMatrix();
    solo.parties = solo.parties.filter((p) => p.side !== 'msp');
    solo.activities = solo.activities!.filter((a) => a.id === 'accounts');
    solo.assignments = [{ activity: 'accounts', responsible: ['dana'], accountable: ['leadership'], escalation: [] }];
    solo.parties.find((p) => p.id === 'dana')!.kind = 'team';
    const created = await world.app.inject({
      method: 'POST',
      url,
      headers: as(owner),
      payload: { source: { kind: 'matrix', matrix: solo } },
    });
    const v = await view(created, 201);
    expect(v.requiredSides).toEqual(['practice']);
    // The practice is the only side that signs, so proposing puts the version in force at once.
    const agreed = await view(
      await world.app.inject({ method: 'POST', url: `${url}/${v.number}/propose`, headers: as(owner), payload: {} }),
    );
    expect(agreed).toMatchObject({ status: 'agreed', agreedAt: world.clock.now().toISOString() });
    expect(agreed.agreements.practice?.by?.id).toBe(world.users.otherAdmin.id);
    const routed = await world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${world.practices.c}/matrix/route?activity=accounts&at=2026-11-24T17:00:00Z`, // 10:00 in Denver
      headers: as(owner),
    });
    expect(routed.json()).toMatchObject({ version: v.number, responsible: { id: 'dana' } });
    expect(
      (await world.app.inject({ method: 'POST', url: `${url}/${v.number}/agree`, headers: as(owner), payload: {} }))
        .statusCode,
    ).toBe(409);
  });

  it('names every problem in bad input and leaves nothing behind', async () => {
    const before = versionListSchema.parse((await call('GET', '/versions', tech)).json()).versions;
    const open = before.find((v) => v.status === 'draft')!;
    const bad = await call('PUT', `/versions/${open.number}`, tech, {
      revision: open.revision,
      matrix: {
        parties: [{ id: 'Bad Id', name: '', side: 'cloud', kind: 'team' }],
        activities: 'none',
        assignments: [],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining([
        'body.matrix.parties.0.id',
        'body.matrix.parties.0.name',
        'body.matrix.parties.0.side',
        'body.matrix.activities',
      ]),
    );
    expect(
      (await call('PUT', `/versions/${open.number}`, tech, { revision: 'x', matrix: {} })).json().error.details[0].path,
    ).toBe('body.revision');

    // Close the open draft so imports can be tried: a bad CSV names its lines and creates nothing.
    await proposeAndAgree(open.number);
    const csv =
      'kind,id,name,function,side,party_kind,coverage\nparty,x,X,,moon,team,business\nactivity,a,A,nope,,,business\n';
    const imported = await call('POST', '/versions', tech, { source: { kind: 'csv', csv } });
    expect(imported.statusCode).toBe(400);
    expect(imported.json().error.details.map((d: { message: string }) => d.message.slice(0, 6))).toEqual(
      expect.arrayContaining(['line 2', 'line 3']),
    );
    expect(
      (
        await call('POST', '/versions', tech, {
          source: { kind: 'assessment', assessmentId: '00000000-0000-4000-8000-000000000000' },
        })
      ).statusCode,
    ).toBe(404);
    expect((await call('POST', '/versions', tech, { source: { kind: 'version', number: 99 } })).statusCode).toBe(404);
    expect((await call('POST', '/versions', tech, { source: { kind: 'spreadsheet' } })).statusCode).toBe(400);
    expect((await call('GET', '/versions/abc', tech)).statusCode).toBe(400);
    expect((await call('GET', '/versions/99', tech)).statusCode).toBe(404);
    expect((await call('GET', '/diff?from=1', tech)).statusCode).toBe(400);
    expect((await call('GET', '/route?activity=nope', tech)).statusCode).toBe(404);
    const huge = await call('POST', '/versions', tech, { source: { kind: 'csv', csv: 'x'.repeat(2_000_000) } });
    expect(huge.statusCode).toBe(413);
    const after = versionListSchema.parse((await call('GET', '/versions', tech)).json()).versions;
    expect(after.length).toBe(before.length);

    // Another practice's matrix is simply not there; staff cannot read it; auditors cannot edit.
    const other = await world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${world.practices.c}/matrix/versions/1`,
      headers: as(tech),
    });
    expect(other.statusCode).toBe(404);
    const staff = await signInAs(world, world.users.staff);
    expect((await call('GET', '/versions', staff)).statusCode).toBe(403);
    const auditor = await signInAs(world, world.users.auditor);
    expect((await call('GET', '/versions', auditor)).statusCode).toBe(200);
    expect((await call('POST', '/versions', auditor, {})).statusCode).toBe(403);
  });
});
