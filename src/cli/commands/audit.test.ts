import { expect, it, vi } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { appendAudit } from '../../core/audit/append.ts';
import { genesisHash } from '../../core/audit/hash.ts';
import type { Output } from '../io.ts';
import { runAuditVerify } from './audit.ts';

function buffer(isTTY = false): Output & { text: () => string } {
  let text = '';
  return { isTTY, write: (chunk: string) => (text += chunk), text: () => text };
}

describeEachEngine('tandem audit verify', (db) => {
  const at = new Date('2025-02-03T04:05:06.007Z');

  it('verifies an empty log', async () => {
    const out = buffer();
    expect(await runAuditVerify(db(), {}, out, buffer())).toBe(0);
    expect(out.text()).toBe(`0 entries verified; chain head seq 0, hash ${genesisHash}; no checkpoints yet\n`);
  });

  it('verifies an intact log, in text and JSON, with progress only on a terminal', async () => {
    for (const action of ['user.created', 'practice.updated'])
      await db().db.transaction((tx) => appendAudit(tx, { at, actorType: 'system', action }));
    const [head] = await db().query<{ hash: string }>('select hash from audit_head');
    const out = buffer();
    const err = buffer(true);
    expect(await runAuditVerify(db(), {}, out, err)).toBe(0);
    expect(out.text()).toBe(`2 entries verified; chain head seq 2, hash ${head?.hash}; no checkpoints yet\n`);
    expect(err.text()).toBe(''); // done within the bar's one-second delay
    // A clock a second further on at every reading: as if each batch took that long.
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 1000));
    const slow = buffer(true);
    try {
      expect(await runAuditVerify(db(), {}, buffer(), slow)).toBe(0);
    } finally {
      clock.mockRestore();
    }
    // eslint-disable-next-line no-control-regex -- the bar's frames are made of control characters
    expect(slow.text()).toMatch(/^\rverifying \[#{30}\] 100% \(\d+s elapsed, 0s left\)\x1b\[K\r\x1b\[K$/);
    const json = buffer();
    expect(await runAuditVerify(db(), { json: true }, json, buffer(true))).toBe(0);
    expect(JSON.parse(json.text())).toEqual({ ok: true, checked: 2, head: { seq: 2, hash: head?.hash } });
  });

  it('exits 1 naming the first bad entry on stderr', async () => {
    await db().query('alter table audit_log disable trigger audit_log_no_update_or_delete');
    await db().query(`update audit_log set actor_label = 'someone else' where seq = 2`);
    await db().query('alter table audit_log enable trigger audit_log_no_update_or_delete');
    const [row] = await db().query<{ id: string }>('select id from audit_log where seq = 2');
    const out = buffer();
    const err = buffer();
    expect(await runAuditVerify(db(), {}, out, err)).toBe(1);
    expect(out.text()).toBe('');
    expect(err.text()).toBe(
      `tandem: audit log verification failed (modified) at seq 2: entry seq 2 (id ${row?.id}, practice.updated at 2025-02-03T04:05:06.007Z) does not match its hash: it was modified (HMAC under audit key t1: a hash recomputed without the key cannot match)\n` +
        '  1 entry before it verified\n',
    );
    const json = buffer();
    expect(await runAuditVerify(db(), { json: true }, json, buffer())).toBe(1);
    expect(JSON.parse(json.text())).toMatchObject({
      ok: false,
      checked: 1,
      problem: { seq: 2, kind: 'modified', entry: { id: row?.id } },
    });
  });
});
