/**
 * Passwords per NIST SP 800-63B: a minimum length, no composition rules, and a check against a
 * list of commonly used passwords (the zxcvbn-ts common list, about 49,000 entries, bundled via
 * npm). Hashes are argon2id; the parameters below take 59-70 ms per hash on the reference
 * machine (2-core AMD EPYC, docs/benchmarks.md).
 */
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../errors.ts';

export const passwordMinLength = 12;
export const passwordMaxLength = 256;

export const argon2Params = { algorithm: 2 as const, memoryCost: 65536, timeCost: 3, parallelism: 1 };

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

/** Returns the problems with a proposed password (empty when it is acceptable). */
export function passwordProblems(password: string, context: { email?: string; displayName?: string } = {}): string[] {
  const problems: string[] = [];
  const length = [...password].length; // count characters, not UTF-16 units
  if (length < passwordMinLength) problems.push(`must be at least ${passwordMinLength} characters`);
  if (length > passwordMaxLength) problems.push(`must be at most ${passwordMaxLength} characters`);
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) problems.push('is a commonly used password; choose another');
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) problems.push('must not contain your email name');
  if (/^(.)\1+$/.test(password)) problems.push('must not repeat a single character');
  return problems;
}

/** Refuses an unacceptable new password with a 400 that names the field (path) and every problem. */
export function assertPasswordAcceptable(password: string, email: string, path = 'body.password'): void {
  const problems = passwordProblems(password, { email });
  if (problems.length > 0) {
    throw new AppError(
      'validation_failed',
      'Choose a different password',
      problems.map((message) => ({ path, message })),
    );
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'), argon2Params);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password.normalize('NFKC'));
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal that. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('decoy password that never matches anything');
  return decoy;
}
