import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptField, encryptField, isEncrypted, keyIdOf } from './field-encryption.ts';
import type { Keyring } from './keyring.ts';

// Key bytes 0x00..0x1f; the vector below was produced with Python's `cryptography` AESGCM
// (IV bytes 100..111, AAD "enc:v1:k1"), so it checks this code against another implementation.
const k1 = Buffer.from('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', 'base64');
const pythonVector = 'enc:v1:k1:ZGVmZ2hpamtsbW5v:AnqwA1mtOfsSQmrd70hazHLyyiTbOZNcTEfZZB4GzgxrIQ';
const keyring: Keyring = { currentId: 'k1', keys: new Map([['k1', k1]]) };

describe('field encryption', () => {
  it('decrypts a value written by an independent AES-256-GCM implementation', () => {
    expect(decryptField(keyring, pythonVector)).toBe('Jane Doe, 555-0100');
  });

  it('round-trips text, tagging it with the current key and a fresh IV each time', () => {
    const text = 'Ünïcode patient note 🩺 with "quotes" and : colons';
    const a = encryptField(keyring, text);
    const b = encryptField(keyring, text);
    expect(a).toMatch(/^enc:v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a.split(':')[3]).not.toBe(b.split(':')[3]);
    expect(decryptField(keyring, a)).toBe(text);
    expect(decryptField(keyring, encryptField(keyring, ''))).toBe('');
  });

  it('reads values under an older key while writing under the current one', () => {
    const rotated: Keyring = {
      currentId: 'k2',
      keys: new Map([
        ['k2', randomBytes(32)],
        ['k1', k1],
      ]),
    };
    const fresh = encryptField(rotated, 'new');
    expect(keyIdOf(fresh)).toBe('k2');
    expect(decryptField(rotated, fresh)).toBe('new');
    expect(decryptField(rotated, pythonVector)).toBe('Jane Doe, 555-0100');
  });

  it('refuses an unknown key id', () => {
    const other: Keyring = { currentId: 'k9', keys: new Map([['k9', randomBytes(32)]]) };
    expect(() => decryptField(other, pythonVector)).toThrow(
      'value is encrypted under key "k1", which is not in the keyring',
    );
  });

  it('detects a flipped ciphertext bit, a swapped IV and a relabelled key id', () => {
    const parts = pythonVector.split(':');
    const data = Buffer.from(parts[4] ?? '', 'base64url');
    data[0] = (data[0] ?? 0) ^ 1;
    const flipped = [...parts.slice(0, 4), data.toString('base64url')].join(':');
    expect(() => decryptField(keyring, flipped)).toThrow('failed authentication');
    const otherIv = [...parts.slice(0, 3), Buffer.alloc(12).toString('base64url'), parts[4]].join(':');
    expect(() => decryptField(keyring, otherIv)).toThrow('failed authentication');
    // Same key bytes under another id: the id is authenticated, so the relabelled value fails.
    const twin: Keyring = {
      currentId: 'k1',
      keys: new Map([
        ['k1', k1],
        ['k2', k1],
      ]),
    };
    expect(() => decryptField(twin, pythonVector.replace('enc:v1:k1:', 'enc:v1:k2:'))).toThrow('failed authentication');
    expect(() => decryptField(keyring, 'enc:v1:k1:ZGVmZ2hpamtsbW5v:AAAA')).toThrow('truncated');
  });

  it('recognises stored values and their key id', () => {
    expect(isEncrypted(pythonVector)).toBe(true);
    expect(keyIdOf(pythonVector)).toBe('k1');
    for (const value of ['Jane Doe', 'enc:v1:k1', 'enc:v2:k1:ZGVmZ2hpamtsbW5v:AnqwA1', null, 42]) {
      expect(isEncrypted(value)).toBe(false);
    }
    expect(keyIdOf('Jane Doe')).toBeUndefined();
    expect(() => decryptField(keyring, 'Jane Doe')).toThrow('not an encrypted value');
  });
});
