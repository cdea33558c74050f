// Entry of the verification worker thread. A worker starts without the TypeScript loader of the
// thread that created it (tsx registers its hooks per thread, also under `tsx` and vitest), so it
// registers tsx itself, as bin/tandem does, before loading the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./verify-worker.ts');
