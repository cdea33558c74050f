/**
 * HMAC-SHA256 (RFC 2104) for the audit chain, computed the way the database computes it
 * (migration 0012): sha256((K xor opad) || sha256((K xor ipad) || m)). The two padded keys are
 * what appendAudit hands the database; here they are kept in reusable buffers rather than
 * building a createHmac object per message (`audit verify` hashes millions; docs/benchmarks.md).
 * Pure: the verification worker loads it.
 */
import { createHmac, hash } from 'node:crypto';

const block = 64;
const scratchBytes = 64 * 1024;

export class AuditMac {
  /** K xor ipad and K xor opad as hex, for the database's tandem_append_audit. */
  readonly innerPadHex: string;
  readonly outerPadHex: string;
  private readonly inner: Buffer;
  private readonly outer: Buffer;

  /** `key` is the raw key; the verification worker is handed it to build its own. */
  constructor(readonly key: Buffer) {
    if (key.length > block) throw new Error('audit key longer than one SHA-256 block');
    const innerPad = Buffer.alloc(block, 0x36);
    const outerPad = Buffer.alloc(block, 0x5c);
    for (let i = 0; i < key.length; i += 1) {
      innerPad[i] = (innerPad[i] as number) ^ (key[i] as number);
      outerPad[i] = (outerPad[i] as number) ^ (key[i] as number);
    }
    this.innerPadHex = innerPad.toString('hex');
    this.outerPadHex = outerPad.toString('hex');
    this.inner = Buffer.alloc(scratchBytes);
    innerPad.copy(this.inner);
    this.outer = Buffer.alloc(block + 32);
    outerPad.copy(this.outer);
  }

  /** Lowercase hex HMAC-SHA256 of the UTF-8 bytes of `message`. */
  hex(message: string): string {
    // Three bytes per UTF-16 unit at most: anything that might not fit goes the ordinary way.
    if (message.length * 3 > scratchBytes - block)
      return createHmac('sha256', this.key).update(message, 'utf8').digest('hex');
    const length = this.inner.write(message, block, 'utf8');
    hash('sha256', this.inner.subarray(0, block + length), 'buffer').copy(this.outer, block);
    return hash('sha256', this.outer, 'hex');
  }
}
