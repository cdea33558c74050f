/**
 * Module boundaries from docs/architecture.md, enforced in CI (npm run lint):
 * core imports no domain module; domain modules never import the composition layers (server, cli)
 * nor each other's internals except published entry points; no cycles; no barrel files; the pure
 * sourcing engine does no I/O; the web app imports only schemas and pure code from src/.
 */
const domain = '(sourcing|advisor|matrix|desk|monitoring|backup|assets|compliance|notify|webhooks)';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-imports-no-domain',
      comment: 'core is the foundation: it must not depend on any domain module or on the composition layers.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: [`^src/${domain}/`, '^src/server/', '^src/cli/'] },
    },
    {
      name: 'domain-imports-no-composition',
      severity: 'error',
      from: { path: `^src/${domain}/` },
      to: { path: ['^src/server/', '^src/cli/'] },
    },
    {
      name: 'domain-uses-published-entry-points',
      comment: 'A domain module may call another one only through its published entry files, never its store or tables.',
      severity: 'error',
      from: { path: `^src/${domain}/` },
      to: { path: `^src/${domain}/(store|tables)\\.ts$`, pathNot: '^src/$1/' },
    },
    {
      name: 'sourcing-is-pure',
      comment: 'The decision engine takes a profile and returns an assessment: no file, network or process access.',
      severity: 'error',
      from: { path: '^src/sourcing/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|tls|worker_threads)$' },
    },
    {
      name: 'no-barrel-files',
      comment: 'Import the file that holds what you need; index files that re-export breed cycles.',
      severity: 'error',
      from: {},
      to: { path: '^src/.*/index\\.ts$' },
    },
    {
      name: 'web-imports-only-shared-code',
      comment: 'The browser bundle may share zod schemas, the pure sourcing engine and the pure matrix checks, nothing that touches a database or Node.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/', pathNot: ['schema\\.ts$', '^src/sourcing/', '^src/matrix/(validate|activity-catalog)\\.ts$', '^src/core/errors\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
    exclude: { path: ['node_modules', 'web/dist'] },
  },
};
