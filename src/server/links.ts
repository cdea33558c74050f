import type { FastifyRequest } from 'fastify';
import type { ServerDeps } from './deps.ts';
import { linkBase } from './mail-in.ts';

/** The address people use to reach Tandem, for links it hands out. */
export function publicUrl(deps: ServerDeps, request?: FastifyRequest): string {
  if (deps.config.publicUrl) return deps.config.publicUrl;
  if (request) return `${request.protocol}://${request.host}`;
  return linkBase(deps.config);
}
