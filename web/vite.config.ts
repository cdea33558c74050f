import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { codeSplitting } from './chunking.ts';
import { precompress } from './precompress.ts';
import { prerender } from './prerender.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

// No source maps: the served app should not hand out its source (security issue, item 8).
// The web app imports the server's zod schemas from ../src, so types cannot drift between them.
export default defineConfig({
  root,
  plugins: [react(), prerender(), precompress()],
  // The manifest (dist/.vite/, not served) maps each page's source file to the chunks it loads:
  // test/web/bundle-budget.test.ts sums them against the download budgets.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: { output: { codeSplitting: codeSplitting() } },
  },
  server: { host: '127.0.0.1', proxy: { '/api': 'http://127.0.0.1:8080' } },
});
