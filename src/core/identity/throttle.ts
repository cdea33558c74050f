/**
 * Failed sign-in throttling with exponential backoff, on three keys:
 * - account + IP: 5 free failures, then 1 s, 2 s, 4 s ... up to 15 min. Stops one source
 *   guessing one account without letting it lock the account for anyone else;
 * - IP: 20 free failures, then the same backoff: stops one source spraying many accounts;
 * - account: 20 free failures, then backoff capped at 60 s: slows a distributed attack on one
 *   account while its owner, from anywhere, waits at most a minute.
 * Blocks always expire, so nobody can lock an admin out for good. While blocked, attempts are
 * refused without checking the password and do not extend the block.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { signInThrottle } from './tables.ts';

interface Rule {
  key: string;
  freeFailures: number;
  capMs: number;
}

export function throttleRules(email: string, ip: string | null): Rule[] {
  const account = email.trim().toLowerCase();
  const rules: Rule[] = [{ key: `account:${account}`, freeFailures: 20, capMs: 60_000 }];
  if (ip) {
    rules.push({ key: `account-ip:${account}|${ip}`, freeFailures: 5, capMs: 15 * 60_000 });
    rules.push({ key: `ip:${ip}`, freeFailures: 20, capMs: 15 * 60_000 });
  }
  return rules;
}

export function backoffMs(failures: number, rule: Rule): number {
  if (failures < rule.freeFailures) return 0;
  return Math.min(rule.capMs, 1000 * 2 ** Math.min(30, failures - rule.freeFailures));
}

/** Milliseconds until another attempt is allowed (0 when allowed now). */
export async function throttleWait(db: Db, rules: Rule[], clock: Clock): Promise<number> {
  const rows = await db.select().from(signInThrottle).where(inArray(signInThrottle.key, rules.map((r) => r.key)));
  const now = clock.now().getTime();
  return Math.max(0, ...rows.map((r) => (r.blockedUntil ? r.blockedUntil.getTime() - now : 0)));
}

export async function recordFailure(db: Db, rules: Rule[], clock: Clock): Promise<void> {
  const now = clock.now();
  for (const rule of rules) {
    const [row] = await db
      .insert(signInThrottle)
      .values({ key: rule.key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({ target: signInThrottle.key, set: { failures: sql`${signInThrottle.failures} + 1`, lastFailureAt: now } })
      .returning();
    const wait = row ? backoffMs(row.failures, rule) : 0;
    if (wait > 0) await db.update(signInThrottle).set({ blockedUntil: new Date(now.getTime() + wait) }).where(eq(signInThrottle.key, rule.key));
  }
}

/** A successful sign-in clears the account's own counters (not the IP's: that protects others). */
export async function recordSuccess(db: Db, email: string, ip: string | null): Promise<void> {
  const keys = throttleRules(email, ip)
    .map((r) => r.key)
    .filter((k) => !k.startsWith('ip:'));
  await db.delete(signInThrottle).where(inArray(signInThrottle.key, keys));
}
