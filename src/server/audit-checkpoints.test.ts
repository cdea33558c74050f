import pino from 'pino';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/support/databases.ts';
import { appendAudit } from '../core/audit/append.ts';
import { listCheckpoints } from '../core/audit/checkpoints.ts';
import { auditKeys } from '../core/audit/key.ts';
import { systemClock } from '../core/clock.ts';
import { startCheckpoints } from './audit-checkpoints.ts';

describeEachEngine('the server audit checkpoints', (db) => {
  it('signs the head at start and at stop, and logs (not throws) a refusal', async () => {
    const append = (action: string) =>
      db().db.transaction((tx) => appendAudit(tx, { at: new Date(), actorType: 'system', action }));
    await append('event.before_start');
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const checkpointer = startCheckpoints(db(), auditKeys(), systemClock, 60_000, log);
    await checkpointer.settled();
    await append('event.while_running');
    await checkpointer.stop();
    const written = await listCheckpoints(db());
    expect(written.map((c) => c.seq)).toEqual([1, 2]);

    // Pointed back behind the latest checkpoint: refused and logged, never signed.
    await db().query('delete from audit_checkpoints where seq = 1');
    await db().query('update audit_head set seq = 1, hash = (select hash from audit_log where seq = 1)');
    await startCheckpoints(db(), auditKeys(), systemClock, 60_000, log).stop();
    expect((await listCheckpoints(db())).map((c) => c.seq)).toEqual([2]);
    expect(lines.join('')).toContain('audit checkpoint refused');
  });
});
