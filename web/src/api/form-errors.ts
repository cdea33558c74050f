/**
 * Turning an ApiError into what a form shows: a message per field (keyed by the input's path,
 * without the "body." or "query." the server puts in front) and whatever is left for the
 * alert above the form.
 */
import { ApiError } from './client.ts';

/**
 * The API names a field by where it came from: "body.admin.password" for every 400 about a
 * request body (setup included), "query.action" for the query string. A form knows its fields
 * without that part: "admin.password". Paths without it pass through unchanged.
 */
function fieldPath(path: string): string {
  return path.replace(/^(body|query)\./, '');
}

/** One message per field path; several problems with one field are joined. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const detail of error.details) {
    if (!detail.path) continue;
    const key = fieldPath(detail.path);
    out[key] = out[key] ? `${out[key]}; ${detail.message}` : detail.message;
  }
  return out;
}

/** Details a form has no field for, as "path: message" lines for the alert. */
export function unplacedDetails(error: unknown, fields: readonly string[]): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.details
    .filter((d) => !d.path || !fields.includes(fieldPath(d.path)))
    .map((d) => (d.path ? `${fieldPath(d.path)}: ${d.message}` : d.message));
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}
