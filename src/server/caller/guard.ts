/**
 * Authorization for routes, applied by the access hook (access.ts) from each route's declaration.
 * For practice-scoped routes a principal without a
 * role in that practice gets 404, as if the practice did not exist, so ids of other tenants
 * reveal nothing. MFA: a user whose roles require it cannot act until enrolled.
 */
import type { FastifyRequest } from 'fastify';
import { roleCan, type Permission, type Role } from '../../core/permissions/permissions.ts';
import { AppError } from '../../core/errors.ts';
import type { ServerDeps } from '../deps.ts';
import { practiceRole, principalOf, type Principal } from './principal.ts';

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** A signed-in person with the second factor done (or not needed). */
export async function requireUser(deps: ServerDeps, request: FastifyRequest): Promise<UserPrincipal> {
  const principal = await principalOf(deps, request);
  if (!principal) throw new AppError('unauthenticated', 'Sign in first');
  if (principal.kind !== 'user')
    throw new AppError('forbidden', 'This action needs a signed-in person, not an API token');
  if (!principal.session.mfaVerified)
    throw new AppError('unauthenticated', 'Finish signing in with your second factor first');
  return principal;
}

/** A signed-in person (second factor done) or an API token. */
export async function requireSignedIn(deps: ServerDeps, request: FastifyRequest): Promise<Principal> {
  const principal = await principalOf(deps, request);
  if (!principal) throw new AppError('unauthenticated', 'Sign in first');
  if (principal.kind === 'user' && !principal.session.mfaVerified)
    throw new AppError('unauthenticated', 'Finish signing in with your second factor first');
  return principal;
}

/** A session that has passed the password step, whether or not MFA is done yet. */
export async function requirePasswordSession(deps: ServerDeps, request: FastifyRequest): Promise<UserPrincipal> {
  const principal = await principalOf(deps, request);
  if (!principal || principal.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  return principal;
}

export interface PracticeAccess {
  practiceId: string;
  principal: Principal;
  role: Role | null;
  actor: { actorType: 'user' | 'api_token'; actorId: string; actorLabel: string };
}

export async function requirePractice(
  deps: ServerDeps,
  request: FastifyRequest,
  practiceId: string,
  permission: Permission,
): Promise<PracticeAccess> {
  const principal = await principalOf(deps, request);
  if (!principal) throw new AppError('unauthenticated', 'Sign in first');
  if (principal.kind === 'token') {
    if (principal.token.practiceId !== practiceId) throw new AppError('not_found', 'No practice with that id');
    if (!principal.permissions.has(permission))
      throw new AppError('forbidden', `This token lacks the ${permission} permission`);
    return {
      practiceId,
      principal,
      role: null,
      actor: { actorType: 'api_token', actorId: principal.token.id, actorLabel: principal.token.name },
    };
  }
  if (!principal.session.mfaVerified)
    throw new AppError('unauthenticated', 'Finish signing in with your second factor first');
  const role = await practiceRole(deps, principal.user.id, practiceId);
  if (!role) throw new AppError('not_found', 'No practice with that id');
  if (!principal.user.mfaEnabledAt && principal.mfaRequired) {
    throw new AppError('forbidden', 'Your role requires two-factor authentication: enrol an authenticator app first');
  }
  if (!roleCan(role, permission)) throw new AppError('forbidden', `Your role (${role}) does not allow ${permission}`);
  return {
    practiceId,
    principal,
    role,
    actor: { actorType: 'user', actorId: principal.user.id, actorLabel: principal.user.email },
  };
}

/** Whether the caller, already admitted to the practice, also holds `permission` there. */
export function accessAllows(access: PracticeAccess, permission: Permission): boolean {
  if (access.principal.kind === 'token') return access.principal.permissions.has(permission);
  return access.role !== null && roleCan(access.role, permission);
}

/** Cookie-authenticated changes must echo the session's CSRF token in X-CSRF-Token. */
export async function checkCsrf(deps: ServerDeps, request: FastifyRequest): Promise<void> {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
  const principal = await principalOf(deps, request);
  if (!principal || principal.kind !== 'user') return; // bearer tokens are not sent by browsers on their own
  const sent = request.headers['x-csrf-token'];
  if (sent !== principal.session.csrfToken) throw new AppError('forbidden', 'Missing or wrong X-CSRF-Token header');
}
