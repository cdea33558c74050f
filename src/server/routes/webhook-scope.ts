/**
 * Whose webhooks a set of webhook routes manages: a practice's (under /practices/:practiceId, for
 * those with tokens.manage there, people or tokens) or the caller's organisation's (under
 * /organization, for its administrators only: an MSP hearing every practice it serves). The
 * routes (webhooks.ts, webhook-deliveries.ts) are written once against this and registered for
 * each scope; only who may call, which transaction and what the audit entry names differ.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../core/db/database.ts';
import {
  withOrganization,
  withOrganizationReads,
  withTenant,
  withTenantReads,
} from '../../core/tenancy/with-tenant.ts';
import type { WebhookOwner } from '../../webhooks/store.ts';
import { access, organizationAccess, practiceAccess, type Access } from '../caller/access.ts';
import type { ServerDeps } from '../deps.ts';
import { practiceParams } from './practices.ts';

/** What a webhook route needs to know of its caller. */
export interface WebhookCaller {
  owner: WebhookOwner;
  actor: { actorType: 'user' | 'api_token'; actorId: string; actorLabel: string };
  /** A signed-in person (only a person may aim a webhook at private targets). */
  person: boolean;
  /** The audit entry's practice: null for an organisation's webhook, which belongs to no practice. */
  auditPracticeId: string | null;
  /** Details every audit entry of the scope carries (the organisation acted for). */
  auditDetails: Record<string, string>;
  write<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  read<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
}

export interface WebhookScope {
  /** The collection's path: `${path}/:webhookId` is one webhook. */
  path: string;
  /** The path's own parameters (none at organisation level). */
  params: typeof practiceParams | z.ZodObject<Record<never, never>>;
  config: { access: Access };
  /** In summaries and messages: "practice" or "organisation". */
  noun: string;
  caller(request: FastifyRequest): WebhookCaller;
}

export function practiceWebhookScope(deps: Pick<ServerDeps, 'database'>): WebhookScope {
  const { db } = deps.database;
  return {
    path: '/api/v1/practices/:practiceId/webhooks',
    params: practiceParams,
    config: access.practice('tokens.manage'),
    noun: 'practice',
    caller(request) {
      const granted = practiceAccess(request);
      const { practiceId } = granted;
      return {
        owner: { practiceId },
        actor: granted.actor,
        person: granted.principal.kind === 'user',
        auditPracticeId: practiceId,
        auditDetails: {},
        write: (fn) => withTenant(db, practiceId, fn),
        read: (fn) => withTenantReads(db, practiceId, fn),
      };
    },
  };
}

export function organizationWebhookScope(deps: Pick<ServerDeps, 'database'>): WebhookScope {
  const { db } = deps.database;
  return {
    path: '/api/v1/organization/webhooks',
    params: z.strictObject({}),
    config: access.organization,
    noun: 'organisation',
    caller(request) {
      const granted = organizationAccess(request);
      const { organizationId } = granted;
      return {
        owner: { organizationId },
        actor: granted.actor,
        person: true,
        auditPracticeId: null,
        auditDetails: { organizationId },
        write: (fn) => withOrganization(db, organizationId, fn),
        read: (fn) => withOrganizationReads(db, organizationId, fn),
      };
    },
  };
}
