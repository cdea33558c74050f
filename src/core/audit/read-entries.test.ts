import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { appendAudit } from './append.ts';
import { parseEntries, readEntries, readEntriesText, readHead } from './read-entries.ts';
import { verifyAuditLog } from './verify.ts';

/** Every character record_out quotes or doubles, white space of each kind, and ordinary text. */
const tricky = fc.string({
  unit: fc.constantFrom('"', '\\', '(', ')', ',', ' ', '\t', '\n', '\r', '\v', '\f', 'é', '😀', 'a', 'null'),
});
const text = fc.option(fc.oneof(tricky, fc.string({ unit: 'grapheme' })), { nil: null });

/** The same columns read the plain way, one column per value, as the reference. */
const plainColumns = `seq::float8 as seq, id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at,
  actor_type, actor_id, actor_label, practice_id, action, target_type, target_id, ip, user_agent, request_id, details,
  prev_hash, hash, key_id`;

describeEachEngine('readEntries', (db) => {
  it('reads back exactly what is stored, however the database quotes it, and the chain verifies', async () => {
    const before = (await readHead(db()))?.seq ?? 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          action: fc.oneof(tricky, fc.constant('')),
          actorLabel: text,
          targetType: text,
          targetId: text,
          ip: text,
          userAgent: text,
          requestId: text,
          details: fc.dictionary(fc.oneof(tricky, fc.string()), fc.jsonValue()),
        }),
        async (event) => {
          await db().db.transaction((tx) =>
            appendAudit(tx, { at: new Date(Date.UTC(2025, 5, 6, 7, 8, 9, 10)), actorType: 'system', ...event }),
          );
          const head = await readHead(db());
          const seq = head?.seq ?? 0;
          const [stored] = await db().query(`select ${plainColumns} from audit_log where seq = $1`, [seq]);
          expect(await readEntries(db(), seq - 1, seq, 1)).toEqual([stored]);
          expect(parseEntries((await readEntriesText(db(), seq - 1, seq, 1)).text)).toEqual([stored]);
        },
      ),
      { numRuns: 60 },
    );
    const head = await readHead(db());
    const page = await readEntriesText(db(), before, head?.seq ?? 0, 1000);
    expect(page).toMatchObject({ count: (head?.seq ?? 0) - before, last: head });
    expect(parseEntries(page.text)).toHaveLength(page.count);
    // In batches of 7 (on PGlite, on the worker thread), and in one on this thread.
    for (const batchSize of [7, 10_000])
      expect(await verifyAuditLog(db(), { batchSize })).toMatchObject({ ok: true, checked: head?.seq });
  });

  it('pages by seq and returns nothing past the end', async () => {
    const head = await readHead(db());
    const seq = head?.seq ?? 0;
    expect(await readEntriesText(db(), seq, seq + 10, 5)).toEqual({ count: 0, text: '' });
    const two = await readEntriesText(db(), 0, seq, 2);
    const entries = parseEntries(two.text);
    expect(entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(two).toMatchObject({ count: 2, last: { seq: 2, hash: entries[1]?.hash } });
  });
});

it('refuses text that is not records as the database writes them', () => {
  expect(() => parseEntries('(1,2')).toThrow(/unexpected text/);
  expect(() => parseEntries('1,2)')).toThrow(/unexpected text/);
  expect(() => parseEntries('("unclosed,)')).toThrow(/unexpected text/);
});
