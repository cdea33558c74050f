import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { AuditMac } from './mac.ts';

it('equals node:crypto HMAC-SHA256 for any text, short or past its scratch buffer, and is reusable', () => {
  const key = randomBytes(32);
  const mac = new AuditMac(key);
  const reference = (text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex');
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => mac.hex(text) === reference(text)));
  for (const text of ['', 'x'.repeat(21_000), 'é😀'.repeat(30_000), 'x'.repeat(70_000)])
    expect(mac.hex(text)).toBe(reference(text));
  // A long message and then a short one: nothing of the first is left in the buffer.
  expect(mac.hex('short')).toBe(reference('short'));
  expect(mac.innerPadHex).toHaveLength(128);
  expect(mac.outerPadHex).toHaveLength(128);
});
