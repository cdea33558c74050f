/**
 * What routes that take and give back files share: the upload's parser scope and bytes, the file
 * name as a query field, and the download header.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../core/errors.ts';

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

/**
 * Registers routes whose request body is the file itself, in a parser scope of their own: any
 * content type arrives as a Buffer of at most `bodyLimit` bytes, and JSON and text are not parsed
 * there.
 */
export async function fileUploadScope(
  app: FastifyInstance,
  bodyLimit: number,
  routes: (files: FastifyInstance) => void,
): Promise<void> {
  await app.register(async (files) => {
    files.removeAllContentTypeParsers();
    files.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
    routes(files);
  });
}

/** An upload's bytes (refused when empty, naming the body) and the type the uploader declared. */
export function uploadedFile(request: FastifyRequest): { content: Buffer; declaredType: string } {
  const content = request.body as Buffer | undefined;
  if (!content || content.length === 0)
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'body', message: 'must be the file, not empty' },
    ]);
  return { content, declaredType: (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() };
}
