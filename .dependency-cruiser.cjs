/**
 * Module boundaries from docs/architecture.md, enforced in CI (npm run lint):
 * core imports no domain module; domain modules never import the composition layers (server, cli);
 * outside a module, only its published files (`published` below), schemas and store are imported;
 * no cycles; no barrel files; the advisor's pure engine does no I/O; the web app imports only
 * schemas and pure code from src/.
 */
const domain = '(advisor|matrix|desk|monitor|backup|assets|compliance|notify|webhooks|home|mail)';

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

/**
 * Each domain module's public entry: the files code outside the module (other modules, server,
 * cli) may import. Everything else in the module is its own business: its checks, stages,
 * helpers (the matrix's routing.ts, duty.ts, ...). Besides these, a module's schema files are
 * shared (the HTTP contract, which the web app parses with too), and its store.ts is open to the
 * composition layers and the home page's read model (domain-uses-published-entry-points).
 */
const published = {
  advisor: ['run-assessment', 'present', 'compare', 'upgrade-result'],
  matrix: [
    'on-duty',
    'versions',
    'present',
    'validate',
    'diff',
    'generate',
    'csv',
    'markdown',
    'schedule-html',
    'activity-catalog',
    'party-id',
  ],
  desk: [
    'patient-contacts',
    'desks',
    'tickets',
    'ticket-routing',
    'ticket-changes',
    'sla-sweep',
    'holder-people',
    'incidents',
    'patient-privacy',
    'sla-report',
    'attachments',
    'attachment-types',
    'ticket-merge',
    'time-entries',
    'device-tickets',
    'desk-placement',
    'intake',
    'intake-settings',
    'follow-links',
  ],
  notify: ['notify', 'events', 'jobs', 'mailer', 'quiet-hours'],
  webhooks: ['delivery', 'events', 'target'],
  home: ['overview'],
  monitor: [
    'checks',
    'push',
    'agent',
    'scheduler',
    'metrics',
    'check-figures',
    'overview',
    'live',
    'status-page',
    'maintenance-calendar',
    'check-import',
    'agent-readings',
  ],
  backup: ['systems', 'backup-jobs', 'push', 'rpo', 'restore-tests', 'restore-test-sweep', 'period-report'],
  assets: ['devices', 'device-import', 'device-export', 'os-support', 'agent-facts', 'sites'],
  mail: ['receiver', 'receive', 'addresses', 'requester-mail', 'imap-poll'],
};

/** The files of `module` that code outside it may import: its published list, schemas, its store (see above). */
function publicFilesOf(module) {
  const files = published[module].map((file) => `^src/${module}/${file}\\.ts$`);
  const shared = [`^src/${module}/[a-z-]*schema\\.ts$`, `^src/${module}/store\\.ts$`];
  return module === 'advisor' ? [...files, ...shared, ...advisorEnginePublished] : [...files, ...shared];
}

const publishedEntryRules = Object.keys(published).map((module) => ({
  name: `${module}-through-published-files`,
  comment: `Outside src/${module}, the module is used through its published files (published.${module} in .dependency-cruiser.cjs), its schemas and, from the composition layers, its store.`,
  severity: 'error',
  from: { path: '^src/', pathNot: `^src/${module}/` },
  to: { path: `^src/${module}/`, pathNot: publicFilesOf(module) },
}));

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
        'A domain module may call another one only through its published entry files, never its store or tables; the home page, a read model across modules, may read their stores.',
      severity: 'error',
      from: { path: `^src/${domain}/`, pathNot: '^src/home/' },
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
    ...publishedEntryRules,
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
