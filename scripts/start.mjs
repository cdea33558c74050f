#!/usr/bin/env node
// `npm start`: builds the web app when the build is missing or older than its sources, then
// runs `tandem serve` in this process (so signals reach the server directly).
import { ensureWebBuild } from './web-build.mjs';

ensureWebBuild({ announce: true });

const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/cli/main.ts');
await main([process.argv[0], 'tandem', 'serve', ...process.argv.slice(2)]);
