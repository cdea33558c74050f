/**
 * onDuty, the matrix module's one lookup of who is on duty (issue 16, section 1), called as the
 * desk or the CLI would, without the HTTP layer, on both engines. The changes are made through the
 * API; on PostgreSQL the lookup runs on a second database handle (its own pool and LISTEN
 * connection, as another `tandem serve` or a CLI process would have), warmed before each change.
 * It must follow each agreement as soon as the commit's notice reaches it, answer warm calls
 * without a query, and stay correct (by reading) while its LISTEN connection is lost.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it, vi, type MockInstance } from 'vitest';
import { openDatabase, type Database } from '../../src/core/db/database.ts';
import { onDuty } from '../../src/matrix/on-duty.ts';
import type { MatrixInput } from '../../src/matrix/schema.ts';
import { versionViewSchema, type VersionView } from '../../src/matrix/version-schema.ts';
import { describeEachEngine } from '../support/databases.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

// Tuesday 24 November 2026, 09:00 in Chicago (practice A's zone): within business hours.
const at = new Date('2026-11-24T15:00:00Z');

describeEachEngine('onDuty (matrix module)', (db, engine, postgresUrl) => {
  let world: World;
  let practice: SignedIn;
  let msp: SignedIn;
  let elsewhere: Database | undefined;
  let base: string;
  const lookupDb = () => elsewhere ?? db();

  beforeAll(async () => {
    world = await buildWorld(db());
    practice = await signInAs(world, world.users.practiceAdmin);
    msp = await signInAs(world, world.users.mspAdmin);
    base = `/api/v1/practices/${world.practices.a}/matrix/versions`;
    // PGlite is one in-process connection; on PostgreSQL the lookup gets a connection pool of its own.
    if (engine === 'postgres') elsewhere = await openDatabase({ kind: 'postgres', url: postgresUrl()!, poolMax: 2 });
  });
  afterAll(async () => {
    await elsewhere?.close();
  });

  const call = async (url: string, session: SignedIn, payload: unknown): Promise<VersionView> => {
    const res = await world.app.inject({
      method: 'POST',
      url: `${base}${url}`,
      headers: as(session),
      payload: payload as object,
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return versionViewSchema.parse(res.json());
  };
  /** Drafts `matrix` and proposes it; the practice agrees by proposing. */
  const propose = async (matrix: MatrixInput) => {
    const draft = await call('', practice, { source: { kind: 'matrix', matrix } });
    return call(`/${draft.number}/propose`, practice, {});
  };
  const responsible = async (activity = 'accounts') => {
    const answer = await onDuty(lookupDb(), world.practices.a, activity, at);
    return answer && { version: answer.version, id: answer.route.responsible?.id, skipped: answer.route.skipped };
  };
  /**
   * Waits until a lookup makes no query (the first ones read while LISTEN is being set up or
   * after it was lost), then runs `then` with the spy still counting.
   */
  const untilWarmCallsReadNothing = async (then?: (queries: MockInstance) => Promise<void>) => {
    const queries = vi.spyOn(pg.Client.prototype, 'query');
    try {
      await vi.waitFor(
        async () => {
          queries.mockClear();
          await responsible();
          expect(queries).not.toHaveBeenCalled();
        },
        { timeout: 20_000, interval: 20 },
      );
      await then?.(queries);
    } finally {
      queries.mockRestore();
    }
  };
  /**
   * The lookup's answer once it reflects `version`: at once on PGlite and for the process that
   * agreed; on the other PostgreSQL handle when the commit's NOTIFY has arrived (polled, since
   * it travels through the server).
   */
  const responsibleFrom = async (version: number) => {
    let answer: Awaited<ReturnType<typeof responsible>> = null;
    await vi.waitFor(
      async () => {
        answer = await responsible();
        expect(answer?.version).toBe(version);
      },
      { timeout: 20_000, interval: 5 },
    );
    return answer;
  };

  it('answers from the agreed version in force and follows each new one on the next call', async () => {
    expect(await responsible()).toBeNull(); // nothing agreed yet

    const v1 = await propose(smallMatrix());
    expect(await responsible()).toBeNull(); // proposed is not in force
    await call(`/${v1.number}/agree`, msp, {});
    expect(await responsibleFrom(v1.number)).toEqual({ version: v1.number, id: 'dana', skipped: [] });
    expect(await onDuty(lookupDb(), world.practices.a, 'no-such-activity', at)).toBeNull();

    // Dana is away that week: the MSP service desk covers for her (duty.ts), as soon as it is agreed.
    const away = smallMatrix();
    away.absences = [{ party: 'dana', from: '2026-11-23', to: '2026-11-27' }];
    const v2 = await propose(away);
    expect((await responsible())?.version).toBe(v1.number); // warm, and still version 1 until agreed
    await call(`/${v2.number}/agree`, msp, {});
    expect(await responsibleFrom(v2.number)).toEqual({
      version: v2.number,
      id: 'msp-desk',
      skipped: ['Dana (office IT) is away (2026-11-23 to 2026-11-27)'],
    });

    // The absence withdrawn in the next version: Dana again.
    const v3 = await propose(smallMatrix());
    await call(`/${v3.number}/agree`, msp, {});
    expect(await responsibleFrom(v3.number)).toEqual({ version: v3.number, id: 'dana', skipped: [] });
  });

  it.runIf(engine === 'postgres')('answers a warm call without a query once it listens', async () => {
    await untilWarmCallsReadNothing(async (queries) => {
      for (let i = 0; i < 5; i += 1) await responsible('accounts');
      expect(queries).not.toHaveBeenCalled();
    });
  });

  it.runIf(engine === 'postgres')(
    'reads on every call while its LISTEN connection is lost, so no agreement is missed, then listens again',
    async () => {
      const before = (await responsible())!.version;
      // Another process's agreement made while this handle cannot hear it: its connection is killed first.
      const killed = await db().query<{ killed: boolean }>(
        `select pg_terminate_backend(pid) as killed from pg_stat_activity
          where datname = current_database() and query like 'LISTEN %tandem_matrix_in_force%'`,
      );
      expect(killed.length).toBeGreaterThanOrEqual(1); // this handle's, and the API's own if it listens
      const next = await propose(smallMatrix());
      await call(`/${next.number}/agree`, msp, {});
      expect(next.number).toBeGreaterThan(before);
      expect(await responsibleFrom(next.number)).toEqual({ version: next.number, id: 'dana', skipped: [] });
      // Listening again (after the retry pause): warm calls stop reading.
      await untilWarmCallsReadNothing();
    },
  );

  it('keeps practices apart: another practice has no agreed version', async () => {
    expect(await onDuty(lookupDb(), world.practices.b, 'accounts', at)).toBeNull();
  });

  it('refuses a practice id that is not a UUID with a clear error', async () => {
    await expect(onDuty(lookupDb(), 'not-a-uuid', 'accounts', at)).rejects.toThrow('A practice id must be a UUID');
  });
});
