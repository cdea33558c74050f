/**
 * The typed API client. Every reply is parsed with the same zod schema the server uses, so a
 * mismatch fails loudly here instead of leaking `undefined` into the UI.
 *
 * It also carries what every cookie-authenticated request needs: the session's CSRF token on
 * each change (POST, PUT, PATCH, DELETE), and a signal when the server answers 401 so the auth
 * layer can send the user to sign-in (idle timeout, session ended elsewhere).
 */
import type { z } from 'zod';
import { maxPageSize } from '../../../src/core/page-schema.ts';

export interface ApiErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
    /** From Retry-After on 429 replies: how long to wait before trying again. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValues = Record<string, string | number | undefined | null>;

export interface RequestOptions {
  method?: HttpMethod;
  body?: unknown;
  /** A file sent as the body itself, with its own type (an upload), instead of JSON. */
  file?: Blob;
  query?: QueryValues;
  /** More request headers (a follow link's token travels in one, never in the address). */
  headers?: Record<string, string>;
}

let csrfToken: string | null = null;
let lastActivityAt = Date.now();
/** path: the request answered 401; quietMs: how long the page had not talked to the server before it. */
type UnauthenticatedListener = (path: string, quietMs: number) => void;
const unauthenticatedListeners = new Set<UnauthenticatedListener>();

/** The auth layer calls this whenever it learns the session (sign-in, MFA, session reads). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called whenever the server answers 401; returns an unsubscribe. */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** When this page last talked to the server (ms since epoch): the idle timer starts there. */
export function lastApiActivity(): number {
  return lastActivityAt;
}

/** path plus a query string of the values that are set; empty strings are left out. */
export function withQuery(path: string, query: QueryValues = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function retryAfterOf(res: Response): number | null {
  const header = res.headers.get('retry-after');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

async function parseError(res: Response): Promise<ApiError> {
  const retryAfter = retryAfterOf(res);
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: ApiErrorDetail[] } };
    return new ApiError(
      res.status,
      body.error?.code ?? 'unknown',
      body.error?.message ?? res.statusText,
      body.error?.details ?? [],
      retryAfter,
    );
  } catch {
    return new ApiError(res.status, 'unknown', `The server answered ${res.status} ${res.statusText}`, [], retryAfter);
  }
}

export async function apiRequest<S extends z.ZodType>(
  schema: S,
  path: string,
  init: RequestOptions = {},
): Promise<z.infer<S>> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.file) headers['content-type'] = init.file.type || 'application/octet-stream';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const quietMs = Date.now() - lastActivityAt;
  lastActivityAt = Date.now();
  const res = await fetch(withQuery(path, init.query), {
    method,
    credentials: 'same-origin',
    headers,
    body: init.file ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  if (!res.ok) {
    const error = await parseError(res);
    if (res.status === 401) for (const listener of unauthenticatedListeners) listener(path, quietMs);
    throw error;
  }
  return schema.parse(res.status === 204 ? null : await res.json());
}

/**
 * Every item of a paged list (docs/api.md): asks for the largest pages and follows `next` until
 * the last one. For the short lists the web app shows whole (members, tokens, sessions).
 */
export async function allPages<S extends z.ZodType<{ next: string | null }>, T>(
  schema: S,
  path: string,
  itemsOf: (page: z.infer<S>) => T[],
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: z.infer<S> = await apiRequest(schema, path, { query: { limit: maxPageSize, cursor } });
    items.push(...itemsOf(page));
    cursor = page.next;
  } while (cursor);
  return items;
}
