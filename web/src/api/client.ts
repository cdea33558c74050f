/**
 * The typed API client. Every reply is parsed with the same zod schema the server uses, so a
 * mismatch fails loudly here instead of leaking `undefined` into the UI.
 */
import type { z } from 'zod';

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
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function parseError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: ApiErrorDetail[] } };
    return new ApiError(
      res.status,
      body.error?.code ?? 'unknown',
      body.error?.message ?? res.statusText,
      body.error?.details ?? [],
    );
  } catch {
    return new ApiError(res.status, 'unknown', `The server answered ${res.status} ${res.statusText}`);
  }
}

export async function apiRequest<S extends z.ZodType>(
  schema: S,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<z.infer<S>> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    credentials: 'same-origin',
    headers:
      init.body === undefined
        ? { accept: 'application/json' }
        : { accept: 'application/json', 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw await parseError(res);
  return schema.parse(await res.json());
}
