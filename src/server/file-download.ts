/** What routes that take and give back files share: the file name as a query field, and the download header. */
import { z } from 'zod';

/** A file name as given with an upload: no path, quotes or control characters. */
export const plainFileName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((name) => !/["/\\]/.test(name) && [...name].every((c) => c >= ' ' && c !== '\u007f'), {
    message: 'must be a plain file name (no path, quotes or control characters)',
  });

/** Content-Disposition for a download: a plain ASCII fallback name and the exact UTF-8 one (RFC 6266). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
