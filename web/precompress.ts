/**
 * A Vite plugin that writes a Brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside every
 * text file of the build, so the server sends the smallest bytes without compressing per request
 * (src/server/web-delivery.ts). A copy is left out when it would not be smaller than the file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const textFile = /\.(?:js|mjs|css|html|svg|json|txt|webmanifest)$/;

/** The files of the build the server sends; Vite's own records (.vite/manifest.json) are not among them. */
function servedFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !path.relative(dir, entry.parentPath).startsWith('.'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The compressed copies of one file's bytes, keyed by the extension they are written under. */
export function compressedCopies(bytes: Buffer): { ext: '.br' | '.gz'; bytes: Buffer }[] {
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gz = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
  return [
    { ext: '.br' as const, bytes: br },
    { ext: '.gz' as const, bytes: gz },
  ].filter((copy) => copy.bytes.length < bytes.length);
}

export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'tandem-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const file of servedFilesUnder(outDir).filter((f) => textFile.test(f))) {
        for (const copy of compressedCopies(readFileSync(file))) writeFileSync(file + copy.ext, copy.bytes);
      }
    },
  };
}
