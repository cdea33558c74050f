/**
 * A Vite plugin that writes, beside the built index.html, a copy per prerendered page with that
 * page's HTML already inside #root (issue 22: first paint without waiting for the scripts): the
 * sign-in page, and the frame of the signed-in pages. The server sends the copy for the page's
 * addresses (src/server/fallback.ts); every other address gets the plain index.html.
 *
 * The page is rendered with Vite's own module loader (SSR mode), so the web app's sources load in
 * Node as they are, CSS imports included; the copy keeps index.html's stylesheet and scripts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { createServer, type Plugin } from 'vite';
import { appFrameFile, prerenderedDir } from '../src/server/web-delivery.ts';

const emptyRoot = '<div id="root"></div>';

/**
 * index.html with html inside its #root, and its scripts fetched at low priority: the page paints
 * from the HTML and the stylesheet, so the scripts need not come first. (At Chromium's default,
 * High, Lighthouse's simulation also counts a script that arrived before the paint as blocking
 * it, and its whole evaluation with it.)
 */
export function withRootContent(indexHtml: string, html: string): string {
  if (!indexHtml.includes(emptyRoot)) throw new Error(`index.html has no ${emptyRoot} to prerender into`);
  return indexHtml
    .replace(emptyRoot, `<div id="root">${html}</div>`)
    .replaceAll('<script type="module" ', '<script type="module" fetchpriority="low" ')
    .replaceAll('<link rel="modulepreload" ', '<link rel="modulepreload" fetchpriority="low" ');
}

export function prerender(): Plugin {
  let root = '';
  let outDir = '';
  return {
    name: 'tandem-prerender',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // writeBundle runs before any closeBundle, so web/precompress.ts compresses the copies too.
    async writeBundle() {
      const loader = await createServer({
        root,
        configFile: false,
        plugins: [react()],
        logLevel: 'warn',
        appType: 'custom',
        server: { middlewareMode: true, hmr: false, ws: false },
      });
      try {
        const indexHtml = readFileSync(path.join(outDir, 'index.html'), 'utf8');
        const signIn = (await loader.ssrLoadModule(
          '/src/prerender/sign-in-shell.tsx',
        )) as typeof import('./src/prerender/sign-in-shell.tsx');
        const appFrame = (await loader.ssrLoadModule(
          '/src/prerender/app-frame-shell.tsx',
        )) as typeof import('./src/prerender/app-frame-shell.tsx');
        const pages = [
          { file: path.join(prerenderedDir, `${signIn.signInPath.slice(1)}.html`), html: signIn.renderSignInShell() },
          { file: appFrameFile, html: appFrame.renderAppFrameShell() },
        ];
        for (const page of pages) {
          const file = path.join(outDir, page.file);
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, withRootContent(indexHtml, page.html));
        }
      } finally {
        await loader.close();
      }
    },
  };
}
