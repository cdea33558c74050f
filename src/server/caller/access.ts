/**
 * Default-deny route access. Every route declares who may call it in its options
 * (`config: { access: ... }`); one onRequest hook checks that declaration before the body is
 * parsed or anything is validated, so an anonymous caller learns nothing from a route but 401,
 * whatever it sends. A route that declares nothing cannot be registered under /api, and is
 * refused at request time anywhere else. Handlers read what the hook granted (practiceAccess,
 * signedInUser, ...) instead of checking again, so the declaration is the only statement of a
 * route's access.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '../../core/permissions/permissions.ts';
import { AppError } from '../../core/errors.ts';
import { safeEqual, sha256 } from '../../core/identity/tokens.ts';
import type { ServerDeps } from '../deps.ts';
import {
  requirePasswordSession,
  requirePractice,
  requireSignedIn,
  requireUser,
  type PracticeAccess,
  type UserPrincipal,
} from './guard.ts';
import type { Principal } from './principal.ts';
import { auditOriginOf } from './acting.ts';

export type Access =
  /** Anyone, signed in or not (sign-in itself, setup by link, health). */
  | { kind: 'public' }
  /** A person past the password step, second factor done or not (enrolment, the second step). */
  | { kind: 'session' }
  /** A signed-in person, second factor done. */
  | { kind: 'user' }
  /** A signed-in person or an API token. */
  | { kind: 'principal' }
  /** A role (or token) in the practice named by the `:practiceId` path parameter that allows `permission`. */
  | { kind: 'practice'; permission: Permission }
  /** A signed-in organisation administrator (second factor done), acting for their own organisation. */
  | { kind: 'organization' }
  /** The operator's scraper: `Authorization: Bearer` with TANDEM_METRICS_TOKEN (unset: the route is off). */
  | { kind: 'metrics' };

/** Route options for each kind of access: `{ config: access.user }`, `{ config: access.practice('phi.read') }`. */
export const access = {
  public: { access: { kind: 'public' } },
  session: { access: { kind: 'session' } },
  user: { access: { kind: 'user' } },
  principal: { access: { kind: 'principal' } },
  practice: (permission: Permission) => ({ access: { kind: 'practice', permission } }),
  organization: { access: { kind: 'organization' } },
  metrics: { access: { kind: 'metrics' } },
} as const satisfies Record<string, { access: Access } | ((p: Permission) => { access: Access })>;

/** What an organisation route acts as: the administrator's own organisation. */
export interface OrganizationAccess {
  organizationId: string;
  principal: UserPrincipal;
  actor: { actorType: 'user'; actorId: string; actorLabel: string };
}

interface Granted {
  principal?: Principal;
  practice?: PracticeAccess;
  organization?: OrganizationAccess;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (src/server/caller/access.ts). */
    access?: Access;
    /** Set by @fastify/static on the web app's files, which are public. */
    file?: string;
  }
  interface FastifyRequest {
    granted?: Granted;
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function grant(deps: ServerDeps, request: FastifyRequest, declared: Access): Promise<Granted> {
  switch (declared.kind) {
    case 'public':
      return {};
    case 'session':
      return { principal: await requirePasswordSession(deps, request) };
    case 'user':
      return { principal: await requireUser(deps, request) };
    case 'principal':
      return { principal: await requireSignedIn(deps, request) };
    case 'practice': {
      const { practiceId } = request.params as { practiceId?: string };
      // Signed in first: an anonymous caller hears 401 whatever id it sent.
      await requireSignedIn(deps, request);
      if (!practiceId || !uuidPattern.test(practiceId))
        throw new AppError('validation_failed', 'The request is not valid', [
          { path: 'params.practiceId', message: 'must be a UUID' },
        ]);
      const practice = await requirePractice(deps, request, practiceId, declared.permission);
      return { principal: practice.principal, practice };
    }
    case 'organization': {
      const principal = await requireUser(deps, request);
      const { user } = principal;
      if (!user.orgAdmin) throw new AppError('forbidden', 'Only an organisation administrator can do this');
      const actor = { actorType: 'user' as const, actorId: user.id, actorLabel: user.email };
      return { principal, organization: { organizationId: user.organizationId, principal, actor } };
    }
    case 'metrics':
      requireMetricsToken(deps, request);
      return {};
  }
}

/**
 * The operator's metrics are not a practice's or a person's: a scraper holds one configured token.
 * Compared as SHA-256 digests in constant time, so neither the token nor its length leaks.
 */
function requireMetricsToken(deps: ServerDeps, request: FastifyRequest): void {
  const expected = deps.config.metricsToken;
  if (!expected) throw new AppError('not_found', 'Metrics are off: set TANDEM_METRICS_TOKEN to turn them on');
  const auth = request.headers.authorization;
  const given = typeof auth === 'string' && /^bearer\s+/i.test(auth) ? auth.replace(/^bearer\s+/i, '').trim() : '';
  if (!given || !safeEqual(sha256(given), sha256(expected)))
    throw new AppError('unauthenticated', 'Send the metrics token as Authorization: Bearer <TANDEM_METRICS_TOKEN>');
}

/** Registers the check. Call before any route is added. */
export function installAccessControl(app: FastifyInstance, deps: ServerDeps): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.access)
      throw new Error(`${String(route.method)} ${route.url} declares no access (config.access)`);
  });
  app.addHook('onRequest', async (request) => {
    // No route matched: the not-found handler answers, with nothing to protect.
    if (request.routeOptions.url === undefined) return;
    const config = request.routeOptions.config;
    const declared: Access | undefined = config.access ?? (config.file ? { kind: 'public' } : undefined);
    if (!declared) throw new AppError('forbidden', 'This route declares no access');
    request.granted = await grant(deps, request, declared);
  });
}

function granted(request: FastifyRequest): Granted {
  if (!request.granted) throw new Error(`${request.routeOptions.url}: the access hook did not run`);
  return request.granted;
}

/** The caller's access to the route's practice; the route must declare `access.practice(...)`. */
export function practiceAccess(request: FastifyRequest): PracticeAccess {
  const practice = granted(request).practice;
  if (!practice) throw new Error(`${request.routeOptions.url} does not declare practice access`);
  return practice;
}

/** The caller's organisation; the route must declare `access.organization`. */
export function organizationAccess(request: FastifyRequest): OrganizationAccess {
  const organization = granted(request).organization;
  if (!organization) throw new Error(`${request.routeOptions.url} does not declare organisation access`);
  return organization;
}

/**
 * A signed-in person who may manage people in the practice, for changes to someone's account
 * (API tokens never may); the route must declare `access.practice('users.manage')`.
 */
export function administratorOf(request: FastifyRequest) {
  const practice = practiceAccess(request);
  if (practice.principal.kind !== 'user' || !practice.role)
    throw new AppError('forbidden', 'Only a signed-in administrator can change accounts');
  return {
    user: practice.principal.user,
    role: practice.role,
    audit: auditOriginOf(request, practice),
  };
}

/** The signed-in person; the route must declare `access.user` or `access.session`. */
export function signedInUser(request: FastifyRequest): UserPrincipal {
  const principal = granted(request).principal;
  if (principal?.kind !== 'user') throw new Error(`${request.routeOptions.url} does not declare user access`);
  return principal;
}

/** The signed-in person or token; the route must declare `access.principal` or narrower. */
export function callerOf(request: FastifyRequest): Principal {
  const principal = granted(request).principal;
  if (!principal) throw new Error(`${request.routeOptions.url} declares public access`);
  return principal;
}
