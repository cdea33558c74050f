/** The sourcing advisor over HTTP, on both engines: run, keep, list, read, compare, print, refuse. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assessmentListSchema, comparisonSchema, storedAssessmentSchema } from '../../src/advisor/schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

const examples = path.join(import.meta.dirname, '..', '..', 'examples');
const dental = parse(readFileSync(path.join(examples, 'dental-4-no-it.yaml'), 'utf8')) as Record<string, unknown>;

describeEachEngine('assessments API', (db) => {
  let world: World;
  let admin: SignedIn;
  let url: string;

  beforeAll(async () => {
    world = await buildWorld(db());
    admin = await signInAs(world, world.users.practiceAdmin);
    url = `/api/v1/practices/${world.practices.a}/assessments`;
  });

  const run = (payload: unknown, session = admin, at = url) =>
    world.app.inject({ method: 'POST', url: at, headers: as(session), payload: payload as object });
  const list = async () =>
    assessmentListSchema.parse((await world.app.inject({ method: 'GET', url, headers: as(admin) })).json()).assessments;

  it('runs, stores and returns an assessment; the same seed gives the same result', async () => {
    const first = await run({ profile: dental, seed: 11, iterations: 2000 });
    expect(first.statusCode).toBe(201);
    const stored = storedAssessmentSchema.parse(first.json());
    expect(stored).toMatchObject({
      practiceId: world.practices.a,
      name: 'Riverside Family Dental',
      seed: 11,
      iterations: 2000,
      overallModel: 'fully_managed',
    });
    expect(stored.createdBy?.id).toBe(world.users.practiceAdmin.id);
    expect(stored.recommendedRiskAdjusted).toBeCloseTo(
      stored.result.plans.find((p) => p.id === 'recommended')!.riskAdjusted,
      2,
    );

    world.clock.advance(1000); // the list is ordered by time; the test clock stands still otherwise
    const again = storedAssessmentSchema.parse(
      (await run({ profile: dental, seed: 11, iterations: 2000, name: 'Second run' })).json(),
    );
    expect(again.result).toEqual(stored.result);

    const read = await world.app.inject({ method: 'GET', url: `${url}/${stored.id}`, headers: as(admin) });
    expect(storedAssessmentSchema.parse(read.json()).result).toEqual(stored.result);
    expect((await list()).map((a) => a.id).slice(0, 2)).toEqual([again.id, stored.id]);

    const compare = await world.app.inject({
      method: 'GET',
      url: `${url}/compare?a=${stored.id}&b=${again.id}`,
      headers: as(admin),
    });
    const comparison = comparisonSchema.parse(compare.json());
    expect(comparison.functions.every((f) => !f.changed)).toBe(true);
    expect(comparison.profileChanges).toEqual([]);
  });

  it('also answers on POST /api/v1/assessments with the practice in the body, and compares different profiles', async () => {
    world.clock.advance(1000);
    const res = await run(
      { practiceId: world.practices.a, profile: { ...dental, horizonYears: 3 }, iterations: 1000 },
      admin,
      '/api/v1/assessments',
    );
    expect(res.statusCode).toBe(201);
    const b = storedAssessmentSchema.parse(res.json());
    expect(b.seed).toBeGreaterThanOrEqual(0);
    const a = (await list())[1]!;
    const comparison = comparisonSchema.parse(
      (await world.app.inject({ method: 'GET', url: `${url}/compare?a=${a.id}&b=${b.id}`, headers: as(admin) })).json(),
    );
    expect(comparison.profileChanges).toEqual([{ path: 'horizonYears', a: 5, b: 3 }]);
  });

  it('serves the printable report inline or as a download', async () => {
    const [latest] = await list();
    const inline = await world.app.inject({
      method: 'GET',
      url: `${url}/${latest!.id}/report.html`,
      headers: as(admin),
    });
    expect(inline.statusCode).toBe(200);
    expect(inline.headers['content-type']).toContain('text/html');
    // Titled with the practice's own name (issue 14.9); the profile's name says which run it is.
    expect(inline.body).toContain('<h1>IT sourcing assessment: Alder Family Medicine</h1>');
    expect(inline.body).toContain('Riverside Family Dental');
    const download = await world.app.inject({
      method: 'GET',
      url: `${url}/${latest!.id}/report.html?download=1`,
      headers: as(admin),
    });
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="tandem-assessment-\d{4}-\d{2}-\d{2}\.html"$/,
    );
  });

  it('lists every problem of a bad profile under "body.profile", with 400, and stores nothing', async () => {
    const before = (await list()).length;
    const bad = await run({
      profile: { ...dental, practice: { ...(dental.practice as object), providers: 0, users: 'many' }, colour: 'blue' },
      iterations: 1000,
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.profile.practice.providers', 'body.profile.practice.users', 'body.profile.colour']),
    );
    expect((await run({ profile: {}, iterations: 1000 })).json().error.details).toEqual([
      { path: 'body.profile', message: 'the profile is empty' },
    ]);
    expect((await run({ profile: dental, iterations: 10 })).json().error.details[0].path).toBe('body.iterations');
    expect((await run({ profile: dental, seed: 'x' })).statusCode).toBe(400);
    expect((await run({ profile: dental, extra: 1 })).statusCode).toBe(400);
    const huge = await run({ profile: { ...dental, name: 'x'.repeat(6 * 1024 * 1024) } });
    expect(huge.statusCode).toBe(413);
    expect((await list()).length).toBe(before);
  });

  it('refuses people without the permission, strangers and other practices', async () => {
    const staff = await signInAs(world, world.users.staff);
    expect((await run({ profile: dental }, staff)).statusCode).toBe(403);
    const auditor = await signInAs(world, world.users.auditor);
    expect((await world.app.inject({ method: 'GET', url, headers: as(auditor) })).statusCode).toBe(200);
    expect((await world.app.inject({ method: 'POST', url, payload: { profile: dental } })).statusCode).toBe(401);

    const [latest] = await list();
    const intruder = await signInAs(world, world.users.otherAdmin);
    expect(
      (await world.app.inject({ method: 'GET', url: `${url}/${latest!.id}`, headers: as(intruder) })).statusCode,
    ).toBe(404);
    // Practice C's own URL with practice A's assessment id: not found either.
    const own = `/api/v1/practices/${world.practices.c}/assessments`;
    expect(
      (await world.app.inject({ method: 'GET', url: `${own}/${latest!.id}`, headers: as(intruder) })).statusCode,
    ).toBe(404);
    expect(
      (
        await world.app.inject({
          method: 'GET',
          url: `${own}/compare?a=${latest!.id}&b=${latest!.id}`,
          headers: as(intruder),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await run({ practiceId: world.practices.a, profile: dental }, intruder, '/api/v1/assessments')).statusCode,
    ).toBe(404);
  });

  it('writes an audit entry for each run', async () => {
    const audit = await world.app.inject({
      method: 'GET',
      url: `/api/v1/practices/${world.practices.a}/audit?action=assessment.run`,
      headers: as(admin),
    });
    expect(audit.statusCode).toBe(200);
    const entries = audit.json().entries as { action: string; targetType: string }[];
    expect(entries.length).toBe(3);
    expect(entries.every((e) => e.action === 'assessment.run' && e.targetType === 'assessment')).toBe(true);
  });
});
