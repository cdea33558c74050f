/**
 * What happens when no route matches: an unknown API path is a 404, a known path asked with the
 * wrong method is a 405 with an Allow header, and any other GET that wants HTML gets the web
 * app's index.html (or the route's prerendered copy of it) so that client-side routes survive a
 * reload.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import FindMyWay from 'find-my-way';
import { AppError, errorBody } from '../core/errors.ts';
import type { Access } from './caller/access.ts';
import { htmlFileFor } from './web-delivery.ts';

export interface RouteEntry {
  method: string;
  url: string;
  /** The route's declared access (src/server/caller/access.ts); undefined for the web app's files. */
  access: Access | undefined;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route the app serves: tests walk it (e.g. the cross-tenant probe) so new routes are covered. */
export function routeTable(app: FastifyInstance): RouteEntry[] {
  return tables.get(app) ?? [];
}

/** Records every route's path per method, so a 404 can tell "no such path" from "wrong method". */
export function trackRoutes(app: FastifyInstance): (url: string) => string[] {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  const router = FindMyWay({ ignoreTrailingSlash: true });
  const methodsByPattern = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      let set = methodsByPattern.get(route.url);
      if (!set) {
        set = new Set();
        methodsByPattern.set(route.url, set);
        const pattern = route.url;
        router.on('GET', pattern, () => undefined, { pattern });
      }
      set.add(String(method).toUpperCase());
      table.push({ method: String(method).toUpperCase(), url: route.url, access: route.config?.access });
    }
  });
  return (url) => {
    const found = router.find('GET', url.split('?')[0] ?? url);
    const pattern = (found?.store as { pattern?: string } | undefined)?.pattern;
    return pattern ? [...(methodsByPattern.get(pattern) ?? [])].sort() : [];
  };
}

export function installFallback(
  app: FastifyInstance,
  allowedMethods: (url: string) => string[],
  webDir: string | undefined,
): void {
  const hasIndex = webDir !== undefined && existsSync(path.join(webDir, 'index.html'));
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const allowed = allowedMethods(request.url).filter((m) => m !== 'HEAD');
    if (allowed.length > 0 && !allowed.includes(request.method as HTTPMethods)) {
      const err = new AppError(
        'method_not_allowed',
        `${request.method} is not allowed here; use ${allowed.join(', ')}`,
      );
      return reply.status(405).header('allow', allowed.join(', ')).send(errorBody(err, request.id));
    }
    const isApi = request.url === '/api' || request.url.startsWith('/api/');
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    if (!isApi && hasIndex && webDir && (request.method === 'GET' || request.method === 'HEAD') && wantsHtml) {
      return reply.header('cache-control', 'no-cache').sendFile(htmlFileFor(webDir, request.url));
    }
    const err = new AppError('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`);
    return reply.status(404).send(errorBody(err, request.id));
  });
}
