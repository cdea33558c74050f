#!/usr/bin/env node
// `npm start`: builds the web app and compiles the server when missing or older than their sources, then
// runs `tandem serve` in this process (so signals reach the server directly).
import { ensureCliBuild } from './cli-build.mjs';
import { ensureWebBuild } from './web-build.mjs';

ensureWebBuild({ announce: true });
ensureCliBuild({ announce: true });

const { main } = await import('../dist/cli/main.js');
await main([process.argv[0], 'tandem', 'serve', ...process.argv.slice(2)]);
