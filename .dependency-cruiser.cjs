/**
 * Module boundaries from docs/architecture.md, enforced in CI (npm run lint):
 * core imports no domain module; domain modules never import the composition layers (server, cli)
 * nor each other's internals except published entry points; no cycles; no barrel files; the
 * advisor's pure engine does no I/O and is reached from outside the advisor only through its
 * published files; the web app imports only schemas and pure code from src/.
 */
const domain = '(advisor|matrix|desk|monitoring|backup|assets|compliance|notify|webhooks)';

/**
 * What the rest of the server may import from the advisor's engine (src/advisor/engine): the run
 * itself, the profile (schema and text), the assessment and catalog shapes, the printable report
 * and the number formatting. The stage files in between are the engine's own business.
 */
const advisorEnginePublished = [
  '^src/advisor/engine/assess\\.ts$',
  '^src/advisor/engine/assessment-schema\\.ts$',
  '^src/advisor/engine/format\\.ts$',
  '^src/advisor/engine/profile/(profile-schema|profile-text)\\.ts$',
  '^src/advisor/engine/model/function-catalog\\.ts$',
  '^src/advisor/engine/report/report-html\\.ts$',
];

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
      comment:
        'A domain module may call another one only through its published entry files, never its store or tables.',
      severity: 'error',
      from: { path: `^src/${domain}/` },
      to: { path: `^src/${domain}/(store|tables)\\.ts$`, pathNot: '^src/$1/' },
    },
    {
      name: 'advisor-engine-is-pure',
      comment:
        'The decision engine takes a profile and returns an assessment, in the server and in the browser alike: no database, no server, no Node built-in, no package but zod and yaml.',
      severity: 'error',
      from: { path: '^src/advisor/engine/' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/advisor/engine/',
          '^src/core/errors\\.ts$',
          '^src/core/tenancy/schema\\.ts$',
          '^src/core/page-schema\\.ts$',
        ],
      },
    },
    {
      name: 'advisor-engine-uses-no-io-package',
      comment:
        'Node built-ins (fs, net, crypto, ...) and packages such as drizzle, pg or pg-boss mean I/O or a Node-only bundle.',
      severity: 'error',
      from: { path: '^src/advisor/engine/' },
      to: { dependencyTypesNot: ['local'], pathNot: '(^|/)node_modules/(zod|yaml)/' },
    },
    {
      name: 'advisor-engine-through-published-files',
      comment:
        'Outside src/advisor, the engine is used through its published files (advisorEnginePublished), never its stage internals.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/advisor/' },
      to: { path: '^src/advisor/engine/', pathNot: advisorEnginePublished },
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
      comment:
        'The browser bundle may share zod schemas, the pure advisor engine, the pure matrix checks and party ids, and the user-agent reader: nothing that touches a database or Node.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: {
        path: '^src/',
        pathNot: [
          'schema\\.ts$',
          '^src/advisor/engine/',
          '^src/matrix/(validate|activity-catalog|party-id)\\.ts$',
          '^src/core/errors\\.ts$',
          '^src/core/identity/user-agent\\.ts$',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
    exclude: { path: ['web/dist'] },
  },
};
