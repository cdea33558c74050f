/**
 * How replies travel to the browser: compressed, and cached only where that is safe.
 *
 * - Every text reply (API JSON, HTML, scripts, styles) is compressed: Brotli when the client
 *   accepts it, else gzip. The web app's files were compressed at build time (web/precompress.ts
 *   writes .br and .gz beside each), so @fastify/static sends those as they are; other replies are
 *   compressed on the fly at a cheap Brotli quality.
 * - The build's content-hashed files (web/dist/assets/) never change under their name, so the
 *   browser keeps them for a year without asking again; index.html and the other unhashed files
 *   are revalidated on every load (ETag, 304), so a new release is picked up at once. API replies
 *   stay `no-store` (security-headers.ts).
 *
 * Compressing replies that carry a secret (the CSRF token in the session view) is safe from
 * BREACH-style guessing here: those replies reflect nothing a third party can put in them, and
 * the session cookie is SameSite, so another site cannot make the browser repeat them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { constants } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where Vite puts the files whose names carry a hash of their content. */
export const hashedAssetsDir = 'assets';

/**
 * Where the build keeps the pages prerendered into a copy of index.html (web/prerender.ts), one per
 * address: prerendered/sign-in.html is what /sign-in gets. Not addresses of their own.
 */
export const prerenderedDir = 'prerendered';

/**
 * The copy with the signed-in pages' frame (header, navigation column, a loader) prerendered: what
 * every address drawn inside that frame gets, whoever asks (it holds nothing of anyone).
 */
export const appFrameFile = path.join(prerenderedDir, 'frame', 'app.html');

/**
 * The first segment of the addresses drawn inside the signed-in frame: AppLayout's routes in
 * web/src/App.tsx. The root and the sign-in pages (their own frame) are not among them.
 */
export const appFrameSections: ReadonlySet<string> = new Set([
  'home',
  'advisor',
  'responsibilities',
  'monitoring',
  'account',
  'system',
  'practice',
  'about',
]);

/**
 * The file of the web build that answers a client-side route: the page's own prerendered copy when
 * the build has one, else the signed-in frame's for the addresses inside it, else index.html (the
 * app renders the page once its scripts have run).
 */
export function htmlFileFor(webDir: string, url: string): string {
  const pathname = (url.split('?')[0] ?? '').replace(/\/+$/, '');
  const segments = pathname.split('/').slice(1);
  const ownCopy =
    segments.length === 1 && /^[a-z0-9-]+$/.test(segments[0]!)
      ? path.join(prerenderedDir, `${segments[0]}.html`)
      : undefined;
  const frameCopy = appFrameSections.has(segments[0] ?? '') ? appFrameFile : undefined;
  return [ownCopy, frameCopy].find((file) => file && existsSync(path.join(webDir, file))) ?? 'index.html';
}

export const immutableCaching = 'public, max-age=31536000, immutable';
export const revalidateCaching = 'no-cache';

/** Registered before any route, so that every route's reply passes through it. */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    // Quality 4 compresses about as well as gzip -6 at a fraction of Brotli's top-quality cost:
    // replies made per request cannot wait for quality 11 (the build uses it for static files).
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
}

/** The Cache-Control a file of the web build is served with, by its path inside the build. */
export function cachingFor(relativePath: string): string {
  const [top] = relativePath.split(/[\\/]/);
  return top === hashedAssetsDir ? immutableCaching : revalidateCaching;
}

/** Serves the built web app from webDir: precompressed variants, caching by file kind. */
export async function registerWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webDir,
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    // The .br and .gz files are variants of the file beside them, and the prerendered pages copies
    // of index.html for one route each: none is an address of its own.
    globIgnore: ['**/*.br', '**/*.gz', `${prerenderedDir}/**`],
    cacheControl: false,
    setHeaders: (res, filePath) => {
      res.setHeader('cache-control', cachingFor(path.relative(webDir, filePath)));
      // The same address answers br, gzip or plain bytes: shared caches must key on the header.
      res.setHeader('vary', 'accept-encoding');
    },
  });
}
