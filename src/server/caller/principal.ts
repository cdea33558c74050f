/**
 * Who is asking. A request carries either the session cookie (people, through the web app) or
 * `Authorization: Bearer tdm_...` (integrations). Resolved once per request, on first use.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Permission, Role } from '../../core/permissions/permissions.ts';
import { appendAudit } from '../../core/audit/append.ts';
import {
  findApiToken,
  isApiTokenLive,
  markTokenUsed,
  tokenPrefix,
  tokenUseAuditEveryMs,
  type ApiTokenRow,
} from '../../core/identity/api-tokens.ts';
import {
  findSession,
  isSessionLive,
  roleIn,
  touchSession,
  type SessionLookup,
  type SessionRow,
} from '../../core/identity/sessions.ts';
import type { UserRow } from '../../core/identity/store.ts';
import { sha256 } from '../../core/identity/tokens.ts';
import { unsafeWithSystem } from '../../core/tenancy/with-tenant.ts';
import type { ServerDeps } from '../deps.ts';
import { PrincipalCache } from './principal-cache.ts';

export const sessionCookie = 'tandem_session';

export type Principal =
  | { kind: 'user'; user: UserRow; session: SessionRow; mfaRequired: boolean }
  | { kind: 'token'; token: ApiTokenRow; permissions: ReadonlySet<Permission> };

const resolved = new WeakMap<FastifyRequest, Promise<Principal | undefined>>();

export function originOf(request: FastifyRequest) {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 500) : null, requestId: request.id };
}

type Lookup =
  { kind: 'session'; found: SessionLookup } | { kind: 'token'; row: ApiTokenRow } | { kind: 'role'; role: Role | null };

const caches = new WeakMap<ServerDeps, PrincipalCache<Lookup>>();

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's changes never touch sessions, users, roles or tokens (see keepsAccess). */
    keepsAccess?: boolean;
  }
}

/**
 * Route config for a change that cannot alter who may do what (a matrix draft, a patient contact,
 * an assessment): its success leaves the principal cache warm. Every other successful change
 * empties it (app.ts), so a route that forgets this costs a lookup, never a stale answer.
 */
export const keepsAccess = { keepsAccess: true } as const;

/** This server's cache of token lookups (principal-cache.ts); one per set of deps, so per server. */
export function principalCache(deps: ServerDeps): PrincipalCache<Lookup> {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new PrincipalCache<Lookup>(deps.config.authCacheMs);
    caches.set(deps, cache);
  }
  return cache;
}

async function resolve(deps: ServerDeps, request: FastifyRequest): Promise<Principal | undefined> {
  const { db } = deps.database;
  const now = deps.clock.now().getTime();
  const auth = request.headers.authorization;
  if (typeof auth === 'string' && /^bearer\s+/i.test(auth)) {
    const token = auth.replace(/^bearer\s+/i, '').trim();
    if (!token.startsWith(tokenPrefix)) return undefined;
    const hash = sha256(token);
    const lookup = await principalCache(deps).get(`t:${hash}`, async () => {
      const row = await findApiToken(db, hash);
      return row && { kind: 'token', row };
    });
    if (lookup?.kind !== 'token' || !isApiTokenLive(lookup.row, now)) return undefined;
    await noteTokenUse(deps, request, lookup.row);
    return { kind: 'token', token: lookup.row, permissions: new Set(lookup.row.permissions as Permission[]) };
  }
  const cookie = request.cookies[sessionCookie];
  if (!cookie) return undefined;
  const hash = sha256(cookie);
  const lookup = await principalCache(deps).get(`s:${hash}`, async () => {
    const found = await findSession(db, hash);
    return found && { kind: 'session', found };
  });
  if (lookup?.kind !== 'session' || !isSessionLive(lookup.found, now, deps.limits)) return undefined;
  await touchSession(db, lookup.found.session, now);
  return { kind: 'user', ...lookup.found };
}

/** Token use is audited (and last_used_at written) at most once an hour per token. */
async function noteTokenUse(deps: ServerDeps, request: FastifyRequest, row: ApiTokenRow): Promise<void> {
  const now = deps.clock.now();
  const previous = row.lastUsedAt;
  if (previous && now.getTime() - previous.getTime() < tokenUseAuditEveryMs) return;
  // The row may be the cached one: claiming the use first makes concurrent requests audit it once.
  row.lastUsedAt = now;
  try {
    await recordTokenUse(deps, request, row, now);
  } catch (err) {
    row.lastUsedAt = previous; // not recorded, so the next request records it
    throw err;
  }
}

async function recordTokenUse(deps: ServerDeps, request: FastifyRequest, row: ApiTokenRow, now: Date): Promise<void> {
  await unsafeWithSystem(deps.database.db, async (tx) => {
    await markTokenUsed(tx, row.id, deps.clock);
    await appendAudit(tx, {
      at: now,
      actorType: 'api_token',
      actorId: row.id,
      actorLabel: row.name,
      practiceId: row.practiceId,
      action: 'api_token.used',
      targetType: 'api_token',
      targetId: row.id,
      ...originOf(request),
    });
  });
}

/** The user's role in a practice (null: none), through the same cache as the session. */
export async function practiceRole(deps: ServerDeps, userId: string, practiceId: string): Promise<Role | null> {
  const lookup = await principalCache(deps).get(`r:${userId}:${practiceId}`, async () => ({
    kind: 'role',
    role: await roleIn(deps.database.db, userId, practiceId),
  }));
  return lookup?.kind === 'role' ? lookup.role : null;
}

export function principalOf(deps: ServerDeps, request: FastifyRequest): Promise<Principal | undefined> {
  let p = resolved.get(request);
  if (!p) {
    p = resolve(deps, request);
    resolved.set(request, p);
  }
  return p;
}

export function setSessionCookie(deps: ServerDeps, request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookie, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: deps.limits.absoluteHours * 3600,
  });
}

export const deviceCookie = 'tandem_device';
/** The longest a browser keeps a cookie (RFC 6265bis caps Max-Age at 400 days). */
const deviceCookieDays = 400;

/**
 * The browser's long-lived device id (core/identity/known-devices.ts), renewed at each sign-in.
 * Lax, not Strict: it is only read at sign-in, and a browser must not look new because the
 * sign-in page was reached from a link in an email.
 */
export function setDeviceCookie(request: FastifyRequest, reply: FastifyReply, deviceId: string): void {
  reply.setCookie(deviceCookie, deviceId, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: deviceCookieDays * 24 * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, { path: '/' });
}
