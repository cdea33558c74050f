/**
 * The co-managed flow's notices through the HTTP API: the MSP administrator proposes a matrix
 * version, the practice administrator (and nobody else) receives the email from a real SMTP
 * server, with a link back; the practice's agreement tells the MSP side.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parse } from 'yaml';
import { jobWorker } from '../../src/core/jobs/job-type.ts';
import { JobQueue } from '../../src/core/jobs/queue.ts';
import { deliverHandler, deliverNotice } from '../../src/notify/jobs.ts';
import { smtpMailer } from '../../src/notify/mailer.ts';
import { describeEachEngine } from '../support/databases.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait-for.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

const dental = parse(
  readFileSync(path.join(import.meta.dirname, '..', '..', 'examples', 'dental-4-no-it.yaml'), 'utf8'),
) as Record<string, unknown>;

describeEachEngine('matrix notices', (db, _engine, postgresUrl) => {
  let smtp: SmtpSink;
  let queue: JobQueue;
  let world: World;
  let msp: SignedIn;
  let practice: SignedIn;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    queue = await JobQueue.open(db(), {
      postgresUrl: postgresUrl(),
      types: [deliverNotice],
      supervise: true,
      pollingIntervalSeconds: 0.5,
    });
    world = await buildWorld(db(), { jobs: queue, config: { publicUrl: 'https://tandem.harbor.example' } });
    const mailer = smtpMailer(smtp.url, 'Tandem <tandem@harbor.example>');
    await queue.work([jobWorker(deliverNotice, deliverHandler({ db: db().db, mailer, clock: world.clock }))]);
    msp = await signInAs(world, world.users.mspAdmin);
    practice = await signInAs(world, world.users.practiceAdmin);
  });
  afterAll(async () => {
    await queue?.stop();
    await smtp?.close();
  });

  const post = async (url: string, session: SignedIn, payload: object) => {
    const res = await world.app.inject({ method: 'POST', url, headers: as(session), payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as Record<string, unknown>;
  };

  test('a proposal by the MSP emails the practice administrator a link; the agreement tells the MSP', async () => {
    const a = world.practices.a;
    const base = `/api/v1/practices/${a}/matrix`;
    const run = await post(`/api/v1/practices/${a}/assessments`, msp, { profile: dental, seed: 3, iterations: 1000 });
    await post(`${base}/versions`, msp, { source: { kind: 'assessment', assessmentId: run.id } });
    await post(`${base}/versions/1/propose`, msp, { note: 'First schedule' });

    await waitFor(() => smtp.messages.length === 1, { what: 'the proposal email' });
    const [proposal] = smtp.messages;
    // Only the other side's administrator: not the proposer, not staff or technicians.
    expect(proposal?.to).toMatchObject({ text: 'manager@alder.example' });
    expect(proposal?.subject).toBe('Alder Family Medicine: responsibility matrix version 1 proposed for agreement');
    expect(proposal?.text).toContain('admin@harbor.example (the MSP) proposed version 1');
    expect(proposal?.text).toContain('Their note: First schedule');
    expect(proposal?.text).toContain(
      `Review version 1: https://tandem.harbor.example/responsibilities?practice=${a}&version=1`,
    );

    await post(`${base}/versions/1/agree`, practice, {});
    await waitFor(() => smtp.messages.length === 2, { what: 'the agreement email' });
    const agreed = smtp.messages[1];
    expect(agreed?.to).toMatchObject({ text: 'admin@harbor.example' });
    // "agreed by the practice" while the MSP's signature is missing; "is in force" where the
    // proposer's side counts as agreed (a parallel change to the lifecycle).
    expect(agreed?.subject).toMatch(
      /^Alder Family Medicine: responsibility matrix version 1 (agreed by the practice|is in force)$/,
    );
  });
});
