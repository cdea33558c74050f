/**
 * AES-256-GCM encryption of single database fields. A stored value describes itself:
 *
 *   enc:v1:<key id>:<12-byte IV, base64url>:<ciphertext + 16-byte tag, base64url>
 *
 * so any value can be decrypted with the keyring alone, rotation can find the values still under
 * an old key with a LIKE, and `v1` leaves room for another scheme later. The prefix up to the key
 * id is authenticated as associated data: changing the key id or version of a stored value makes
 * it fail to decrypt instead of being read under another key.
 *
 * Failures throw plain Errors, never AppErrors: a value that does not decrypt is a server fault
 * (lost key, tampered row), not something a request did wrong.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.ts';

const version = 'enc:v1:';
const ivBytes = 12;
const tagBytes = 16;
const storedPattern = /^enc:v1:([A-Za-z0-9_-]{1,32}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]+)$/;

export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && storedPattern.test(value);
}

/** The id of the key a stored value was encrypted under; undefined when it is not encrypted. */
export function keyIdOf(stored: string): string | undefined {
  return storedPattern.exec(stored)?.[1];
}

function associatedData(keyId: string): Buffer {
  return Buffer.from(`${version}${keyId}`, 'utf8');
}

export function encryptField(keyring: Keyring, plaintext: string): string {
  const key = keyring.keys.get(keyring.currentId);
  if (!key) throw new Error(`the current encryption key "${keyring.currentId}" is not in the keyring`);
  // A fresh random IV per value: GCM is broken if an IV ever repeats under one key.
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
  cipher.setAAD(associatedData(keyring.currentId));
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${version}${keyring.currentId}:${iv.toString('base64url')}:${sealed.toString('base64url')}`;
}

export function decryptField(keyring: Keyring, stored: string): string {
  const match = storedPattern.exec(stored);
  if (!match) throw new Error('not an encrypted value (expected enc:v1:<key id>:<iv>:<data>)');
  const [, keyId = '', ivText = '', sealedText = ''] = match;
  const key = keyring.keys.get(keyId);
  if (!key) throw new Error(`value is encrypted under key "${keyId}", which is not in the keyring`);
  const sealed = Buffer.from(sealedText, 'base64url');
  if (sealed.length < tagBytes) throw new Error(`encrypted value under key "${keyId}" is truncated`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'), { authTagLength: tagBytes });
  decipher.setAAD(associatedData(keyId));
  decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - tagBytes)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new Error(`encrypted value under key "${keyId}" failed authentication: it was altered or the key is wrong`);
  }
}
