/**
 * Browsers a person signed in from, so a sign-in from one never seen before can tell them
 * (account.new_device, docs/security.md "New-device notice"). The browser keeps a long-lived
 * random id in the tandem_device cookie; each account stores the SHA-256 of the ids it has signed
 * in from. API tokens never sign in, so they never count.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { UserRow } from './store.ts';
import { knownDevices } from './tables.ts';
import { newSecret, sha256 } from './tokens.ts';

/** Tells the account holder of a sign-in from a new device, in the sign-in's transaction. */
export type NewDeviceAnnouncer = (tx: Db, user: UserRow) => Promise<void>;

/**
 * known: signed in from this browser before; first: the account's first device ever (nothing to
 * warn about); new: another device, which the account holder hears of.
 */
export type DeviceVerdict = 'known' | 'first' | 'new';

/** newSecret's shape: 32 random bytes in base64url. Anything else is replaced by a fresh id. */
const deviceIdShape = /^[A-Za-z0-9_-]{43}$/;

/** The id this browser presented, if well formed, or a new one. */
export function deviceIdFrom(presented: string | undefined): string {
  return presented && deviceIdShape.test(presented) ? presented : newSecret();
}

/**
 * Records that `user` signed in from `deviceId` and says whether it was known. One conditional
 * insert per sign-in: a known device only has its last_seen_at moved.
 */
export async function sightDevice(tx: Db, user: UserRow, deviceId: string, clock: Clock): Promise<DeviceVerdict> {
  const now = clock.now();
  const deviceHash = sha256(deviceId);
  const seen = await tx
    .update(knownDevices)
    .set({ lastSeenAt: now })
    .where(and(eq(knownDevices.userId, user.id), eq(knownDevices.deviceHash, deviceHash)))
    .returning({ userId: knownDevices.userId });
  if (seen.length > 0) return 'known';
  const [others] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(knownDevices)
    .where(eq(knownDevices.userId, user.id));
  await tx
    .insert(knownDevices)
    .values({ userId: user.id, deviceHash, firstSeenAt: now, lastSeenAt: now })
    .onConflictDoNothing();
  return (others?.n ?? 0) === 0 ? 'first' : 'new';
}
