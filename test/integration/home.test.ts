/**
 * The home pages' API on both engines: a fresh practice's steps all not done; an assessment and an
 * agreed matrix mark theirs done; a proposed version is in the other side's attention list and
 * not the proposer's; the MSP administrator's list of practices, most attention first and paged;
 * invitations about to expire; what each role may read; one practice's members never see another's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { homePageSchema, practiceHomeSchema, type PracticeHome } from '../../src/home/schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

const dental = parse(
  readFileSync(path.join(import.meta.dirname, '..', '..', 'examples', 'dental-4-no-it.yaml'), 'utf8'),
) as Record<string, unknown>;

const stepsOf = (home: PracticeHome) => Object.fromEntries(home.steps.map((s) => [s.id, s.done]));

describeEachEngine('home pages API', (db) => {
  let world: World;
  let practice: SignedIn;
  let msp: SignedIn;

  beforeAll(async () => {
    world = await buildWorld(db());
    practice = await signInAs(world, world.users.practiceAdmin);
    msp = await signInAs(world, world.users.mspAdmin);
  });

  const get = (url: string, session: SignedIn) => world.app.inject({ method: 'GET', url, headers: as(session) });
  const post = async (url: string, session: SignedIn, payload: object, status = 200) => {
    const res = await world.app.inject({ method: 'POST', url, headers: as(session), payload });
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const homeOf = async (practiceId: string, session: SignedIn): Promise<PracticeHome> => {
    const res = await get(`/api/v1/practices/${practiceId}/home`, session);
    expect(res.statusCode, res.body).toBe(200);
    return practiceHomeSchema.parse(res.json());
  };
  const listOf = async (session: SignedIn, query = '') => {
    const res = await get(`/api/v1/home${query}`, session);
    expect(res.statusCode, res.body).toBe(200);
    return homePageSchema.parse(res.json());
  };

  it('shows a fresh practice every step not done, each one its administrator can do', async () => {
    const owner = await signInAs(world, world.users.otherAdmin);
    const home = await homeOf(world.practices.c, owner);
    expect(home).toEqual({
      practice: { id: world.practices.c, name: 'Lakeside Dental' },
      role: 'practice_admin',
      side: 'practice',
      steps: [
        { id: 'run_assessment', done: false, canAct: true },
        { id: 'draft_matrix', done: false, canAct: true },
        { id: 'agree_matrix', done: false, canAct: true },
        { id: 'invite_people', done: false, canAct: true },
        { id: 'turn_on_mfa', done: false, canAct: true },
      ],
      matrix: { inForce: null, draft: null, proposed: null },
      attention: { agreement: null, findings: null, expiringInvitations: [], restoreTestsOverdue: 0, count: 0 },
    });
  });

  it('marks the assessment and matrix steps done, and asks the side that has not agreed', async () => {
    const a = world.practices.a;
    // Practice A has six members already, and its practice administrator has no MFA.
    expect(stepsOf(await homeOf(a, practice))).toEqual({
      run_assessment: false,
      draft_matrix: false,
      agree_matrix: false,
      invite_people: true,
      turn_on_mfa: false,
    });

    const run = await post(
      `/api/v1/practices/${a}/assessments`,
      practice,
      { profile: dental, seed: 3, iterations: 1000 },
      201,
    );
    const matrix = `/api/v1/practices/${a}/matrix/versions`;
    await post(matrix, practice, { source: { kind: 'assessment', assessmentId: run.id } }, 201);
    const drafted = await homeOf(a, practice);
    expect(stepsOf(drafted)).toMatchObject({ run_assessment: true, draft_matrix: true, agree_matrix: false });
    expect(drafted.matrix).toEqual({ inForce: null, draft: 1, proposed: null });

    // The practice proposes, and so agrees: the MSP's administrator is asked, the proposer is not.
    await post(`${matrix}/1/propose`, practice, {});
    const proposer = await homeOf(a, practice);
    expect(proposer.matrix).toEqual({ inForce: null, draft: null, proposed: { number: 1, waitingFor: ['msp'] } });
    expect(proposer.attention).toMatchObject({ agreement: null, count: 0 });
    const other = await homeOf(a, msp);
    expect(other.side).toBe('msp');
    expect(other.attention.agreement?.number).toBe(1);
    expect(other.attention.count).toBe(1);
    // An MSP technician is on that side but may not agree: nothing for them to do.
    const tech = await signInAs(world, world.users.technician);
    expect((await homeOf(a, tech)).attention.agreement).toBeNull();

    // The MSP administrator's list: A (one thing to do) before B (nothing to do yet, by name after).
    const list = await listOf(msp);
    expect(list.practices.map((p) => [p.practice.name, p.attention.count])).toEqual([
      ['Alder Family Medicine', 1],
      ['Birch Pediatrics', 0],
    ]);
    expect(list.next).toBeNull();
    const first = await listOf(msp, '?limit=1');
    expect(first.practices.map((p) => p.practice.id)).toEqual([a]);
    const second = await listOf(msp, `?limit=1&cursor=${first.next}`);
    expect(second.practices.map((p) => p.practice.id)).toEqual([world.practices.b]);
    expect(second.next).toBeNull();

    const agreed = await post(`${matrix}/1/agree`, msp, {});
    const inForce = await homeOf(a, practice);
    expect(stepsOf(inForce)).toMatchObject({ run_assessment: true, draft_matrix: true, agree_matrix: true });
    expect(inForce.matrix).toEqual({ inForce: 1, draft: null, proposed: null });
    expect(inForce.attention.findings).toEqual({ number: 1, errors: 0, warnings: agreed.warningCount });
    expect((await homeOf(a, msp)).attention.agreement).toBeNull();
  });

  it('shows each role only what it may read', async () => {
    const staff = await signInAs(world, world.users.staff);
    const home = await homeOf(world.practices.a, staff);
    expect(home.steps).toEqual([{ id: 'turn_on_mfa', done: false, canAct: true }]);
    expect(home.matrix).toBeNull();
    const auditor = await signInAs(world, world.users.auditor);
    const read = await homeOf(world.practices.a, auditor);
    // An auditor reads everything but may do none of it, except turn on their own MFA.
    expect(read.steps.map((s) => [s.id, s.canAct])).toEqual([
      ['run_assessment', false],
      ['draft_matrix', false],
      ['agree_matrix', false],
      ['invite_people', false],
      ['turn_on_mfa', true],
    ]);
  });

  it('never shows a member of one practice another practice, and names bad input', async () => {
    expect((await listOf(practice)).practices.map((p) => p.practice.id)).toEqual([world.practices.a]);
    expect((await get(`/api/v1/practices/${world.practices.b}/home`, practice)).statusCode).toBe(404);
    const owner = await signInAs(world, world.users.otherAdmin);
    expect((await get(`/api/v1/practices/${world.practices.a}/home`, owner)).statusCode).toBe(404);
    expect((await listOf(owner)).practices.map((p) => p.practice.id)).toEqual([world.practices.c]);

    expect((await world.app.inject({ method: 'GET', url: '/api/v1/home' })).statusCode).toBe(401);
    const badId = await get('/api/v1/practices/not-a-uuid/home', practice);
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details).toEqual([{ path: 'params.practiceId', message: 'must be a UUID' }]);
    const badLimit = await get('/api/v1/home?limit=0', practice);
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().error.details.map((d: { path: string }) => d.path)).toEqual(['query.limit']);
    const badCursor = await get('/api/v1/home?cursor=nonsense', practice);
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.details.map((d: { path: string }) => d.path)).toEqual(['query.cursor']);
  });

  it('lists an open invitation once it has less than a day left, for people who may invite', async () => {
    const c = world.practices.c;
    const owner = await signInAs(world, world.users.otherAdmin);
    const payload = { email: 'sam@lakeside.example', displayName: 'Sam Rivera', role: 'practice_staff' };
    const invited = await post(`/api/v1/practices/${c}/members`, owner, payload, 201);
    // Links last 72 hours: nothing to say for the first 48.
    expect((await homeOf(c, owner)).attention.expiringInvitations).toEqual([]);
    world.clock.advance(49 * 3_600_000);
    const later = await signInAs(world, world.users.otherAdmin);
    const home = await homeOf(c, later);
    expect(home.attention.expiringInvitations).toEqual([
      {
        id: invited.invitation.id,
        email: 'sam@lakeside.example',
        displayName: 'Sam Rivera',
        expiresAt: invited.invitation.expiresAt,
      },
    ]);
    expect(home.attention.count).toBe(1);
    // Still one member: an invitation is not a person yet.
    expect(stepsOf(home).invite_people).toBe(false);
  });
});
