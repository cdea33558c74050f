import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblems, verifyPassword } from './passwords.ts';

describe('password rules (NIST SP 800-63B)', () => {
  it('accepts a long passphrase with no composition rules', () => {
    expect(passwordProblems('purple elephants dance quietly')).toEqual([]);
    expect(passwordProblems('alllowercaseletters')).toEqual([]);
  });

  it('names each problem', () => {
    expect(passwordProblems('xq7#vk')).toEqual(['must be at least 12 characters']);
    expect(passwordProblems('password1234')).toEqual(['is a commonly used password; choose another']);
    expect(passwordProblems('1QAZ2WSX3EDC')).toContain('is a commonly used password; choose another');
    expect(passwordProblems('aaaaaaaaaaaaaaaa')).toContain('must not repeat a single character');
    expect(passwordProblems('jane.doe.secret.words', { email: 'jane.doe@clinic.example' })).toEqual(['must not contain your email name']);
    expect(passwordProblems('x'.repeat(300))).toContain('must be at most 256 characters');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblems('🦷🦷🦷🦷🦷🦷🦷🦷🦷🦷🦷')).toEqual(['must be at least 12 characters']);
    expect(passwordProblems('🦷🦷🦷🦷🦷🦷🦷🦷🦷🦷🦷x')).toEqual([]);
  });

  it('hashes with argon2id and verifies, normalising Unicode', async () => {
    const stored = await hashPassword('Cafe\u0301 au lait forever');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
    expect(await verifyPassword(stored, 'Café au lait forever')).toBe(true);
    expect(await verifyPassword(stored, 'Cafe au lait forever')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });
});
