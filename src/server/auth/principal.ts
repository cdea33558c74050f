/**
 * Who is asking. A request carries either the session cookie (people, through the web app) or
 * `Authorization: Bearer tdm_...` (integrations). Resolved once per request, on first use.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '../../core/auth/permissions.ts';
import { appendAudit } from '../../core/audit/append.ts';
import { markTokenUsed, resolveApiToken, tokenUseAuditEveryMs, type ApiTokenRow } from '../../core/identity/api-tokens.ts';
import { resolveSession, type SessionRow } from '../../core/identity/sessions.ts';
import type { UserRow } from '../../core/identity/store.ts';
import { unsafeWithSystem } from '../../core/tenancy/with-tenant.ts';
import type { ServerDeps } from '../deps.ts';

export const sessionCookie = 'tandem_session';

export type Principal =
  | { kind: 'user'; user: UserRow; session: SessionRow }
  | { kind: 'token'; token: ApiTokenRow; permissions: ReadonlySet<Permission> };

const resolved = new WeakMap<FastifyRequest, Promise<Principal | undefined>>();

export function originOf(request: FastifyRequest) {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 500) : null, requestId: request.id };
}

async function resolve(deps: ServerDeps, request: FastifyRequest): Promise<Principal | undefined> {
  const auth = request.headers.authorization;
  if (typeof auth === 'string' && /^bearer\s+/i.test(auth)) {
    const row = await resolveApiToken(deps.database.db, auth.replace(/^bearer\s+/i, '').trim(), deps.clock);
    if (!row) return undefined;
    await noteTokenUse(deps, request, row);
    return { kind: 'token', token: row, permissions: new Set(row.permissions as Permission[]) };
  }
  const cookie = request.cookies[sessionCookie];
  if (!cookie) return undefined;
  const found = await resolveSession(deps.database.db, cookie, deps.clock, deps.limits);
  return found ? { kind: 'user', ...found } : undefined;
}

/** Token use is audited (and last_used_at written) at most once an hour per token. */
async function noteTokenUse(deps: ServerDeps, request: FastifyRequest, row: ApiTokenRow): Promise<void> {
  const now = deps.clock.now();
  if (row.lastUsedAt && now.getTime() - row.lastUsedAt.getTime() < tokenUseAuditEveryMs) return;
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

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, { path: '/' });
}
