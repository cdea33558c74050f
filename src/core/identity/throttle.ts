/**
 * Sign-in throttling with exponential backoff. Every attempt is counted before it is checked, in
 * one short transaction that locks its counters (reserveAttempt), so N concurrent attempts see the
 * counts 1..N and only those the policy allows go on to the password or code check; reading the
 * counters first and writing after the check let 200 parallel guesses all through.
 *
 * The password step counts on three keys:
 * - account + IP: 5 free attempts, then 1 s, 2 s, 4 s ... up to 15 min. Stops one source
 *   guessing one account without letting it lock the account for anyone else;
 * - IP: 20 free, then the same backoff: stops one source spraying many accounts;
 * - account: 20 free, then backoff capped at 60 s: slows a distributed attack on one account
 *   while its owner, from anywhere, waits at most a minute.
 * The second factor counts on its own key per account (5 free, then up to 15 min) and on the same
 * IP key. Only a correct second factor clears it: a correct password must not, or guesses at the
 * code would continue across sign-ins.
 *
 * Blocks always expire, so nobody can lock an admin out for good. While blocked, attempts are
 * refused without being checked and neither count nor extend the block. A success clears the
 * counters of its own account and gives back the one attempt it took from the IP's (which
 * protects others, so it is never cleared).
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { signInThrottle } from './tables.ts';

export interface Rule {
  key: string;
  freeFailures: number;
  capMs: number;
  /** After a success: clear the key (the account's own) or give back this attempt (shared: the IP). */
  onSuccess: 'reset' | 'refund';
}

const fifteenMinutes = 15 * 60_000;

function ipRule(ip: string): Rule {
  return { key: `ip:${ip}`, freeFailures: 20, capMs: fifteenMinutes, onSuccess: 'refund' };
}

/** The password step's keys. */
export function throttleRules(email: string, ip: string | null): Rule[] {
  const account = email.trim().toLowerCase();
  const rules: Rule[] = [{ key: `account:${account}`, freeFailures: 20, capMs: 60_000, onSuccess: 'reset' }];
  if (ip) {
    rules.push({ key: `account-ip:${account}|${ip}`, freeFailures: 5, capMs: fifteenMinutes, onSuccess: 'reset' });
    rules.push(ipRule(ip));
  }
  return rules;
}

/** The second factor's keys: its own per account (never cleared by the password step), and the IP. */
export function secondFactorRules(userId: string, ip: string | null): Rule[] {
  const rules: Rule[] = [{ key: `mfa:${userId}`, freeFailures: 5, capMs: fifteenMinutes, onSuccess: 'reset' }];
  if (ip) rules.push(ipRule(ip));
  return rules;
}

/**
 * Confirming a new authenticator: its own key per account, so guessing the code of a pending
 * enrolment is slowed like the second factor, without touching the sign-in counters.
 */
export function enrolmentRules(userId: string, ip: string | null): Rule[] {
  const rules: Rule[] = [
    { key: `mfa-enrolment:${userId}`, freeFailures: 5, capMs: fifteenMinutes, onSuccess: 'reset' },
  ];
  if (ip) rules.push(ipRule(ip));
  return rules;
}

/** The block that follows the attempt numbered `attempts` (0: none). */
export function backoffMs(attempts: number, rule: Rule): number {
  if (attempts < rule.freeFailures) return 0;
  return Math.min(rule.capMs, 1000 * 2 ** Math.min(30, attempts - rule.freeFailures));
}

/**
 * Every transaction that locks counters locks them in this order (reserveAttempt, recordSuccess):
 * two that lock the same two keys the other way round would deadlock.
 */
function inKeyOrder<R extends { key: string }>(rules: R[]): R[] {
  return [...rules].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * The keys' rows, created when missing and locked in key order in the caller's transaction, so
 * concurrent requests sharing a key queue behind one another instead of deadlocking or racing.
 */
async function lockKeys(tx: Tx, keys: string[], now: Date) {
  await tx
    .insert(signInThrottle)
    .values(keys.map((key) => ({ key, failures: 0, lastFailureAt: now })))
    .onConflictDoNothing();
  return tx
    .select()
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, keys))
    .orderBy(signInThrottle.key)
    .for('update');
}

/**
 * Counts one attempt on every key, or none when any key is blocked. Returns the milliseconds to
 * wait (0: go ahead and check). The rows are locked in key order, so concurrent attempts sharing a
 * key (the same IP, the same account) queue behind one another instead of deadlocking.
 */
export async function reserveAttempt(db: Db, rules: Rule[], clock: Clock): Promise<number> {
  const now = clock.now();
  const sorted = inKeyOrder(rules);
  const keys = sorted.map((r) => r.key);
  return db.transaction(async (tx) => {
    const rows = await lockKeys(tx, keys, now);
    const wait = Math.max(0, ...rows.map((r) => (r.blockedUntil ? r.blockedUntil.getTime() - now.getTime() : 0)));
    if (wait > 0) return wait;
    for (const rule of sorted) {
      const attempts = (rows.find((r) => r.key === rule.key)?.failures ?? 0) + 1;
      const block = backoffMs(attempts, rule);
      await tx
        .update(signInThrottle)
        .set({
          failures: attempts,
          lastFailureAt: now,
          blockedUntil: block > 0 ? new Date(now.getTime() + block) : null,
        })
        .where(eq(signInThrottle.key, rule.key));
    }
    return 0;
  });
}

/** After a successful check: clears the account's own keys, gives the IP back its attempt. */
export async function recordSuccess(db: Db, rules: Rule[]): Promise<void> {
  for (const rule of inKeyOrder(rules)) {
    if (rule.onSuccess === 'reset') {
      await db.delete(signInThrottle).where(eq(signInThrottle.key, rule.key));
      continue;
    }
    // The block this attempt set (if any) goes too when the count falls back under the free ones.
    await db.execute(sql`
      update sign_in_throttle
         set failures = greatest(failures - 1, 0),
             blocked_until = case when failures - 1 < ${rule.freeFailures} then null else blocked_until end
       where key = ${rule.key}`);
  }
}

/** A fixed-window limit: at most `limit` requests per `windowMs` on `key` (public forms, not sign-in). */
export interface WindowRule {
  key: string;
  limit: number;
  windowMs: number;
}

/**
 * Counts one request on every key, or none when any key has used its window: the milliseconds
 * until the fullest key's window ends (0: go ahead). Same table and locking as reserveAttempt
 * (rows locked in key order, so concurrent requests queue instead of racing past the limit):
 * `failures` is the window's count and `last_failure_at` its start. Unlike the sign-in backoff a
 * window forgets, so a busy form is slowed for the rest of the hour, never for good.
 */
export async function reserveInWindow(db: Db, rules: WindowRule[], clock: Clock): Promise<number> {
  const now = clock.now();
  const sorted = inKeyOrder(rules);
  const keys = sorted.map((r) => r.key);
  return db.transaction(async (tx) => {
    const rows = await lockKeys(tx, keys, now);
    const counts = sorted.map((rule) => {
      const row = rows.find((r) => r.key === rule.key)!;
      const ends = row.lastFailureAt.getTime() + rule.windowMs;
      const current = ends > now.getTime();
      return { rule, count: current ? row.failures : 0, start: current ? row.lastFailureAt : now, ends };
    });
    const wait = Math.max(0, ...counts.map((c) => (c.count >= c.rule.limit ? c.ends - now.getTime() : 0)));
    if (wait > 0) return wait;
    for (const c of counts)
      await tx
        .update(signInThrottle)
        .set({ failures: c.count + 1, lastFailureAt: c.start, blockedUntil: null })
        .where(eq(signInThrottle.key, c.rule.key));
    return 0;
  });
}
