// The api's layering, checked by the test command (`pnpm --filter @tbo/api deps:check`):
// http → routers → services → domain / repositories → db, nothing below
// importing above, and no import circles (type-only imports included).
const ENTRY = '^src/(server|app|seed)\\.ts$|^src/(cli|demo|config)/|^src/webhooks/main\\.ts$';
const HTTP = '^src/http/';
const ROUTERS = '^src/routers/|^src/(router|trpc|context)\\.ts$';
const SERVICES = '^src/(services|webhooks|metrics)/';
const REPOSITORIES = '^src/repositories/';
const DOMAIN = '^src/domain/';
const LIB = '^src/lib/';
const DB = '^src/db/';

const above = (...layers) => layers.join('|');

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle ties modules that should be read, tested and changed apart.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'http-below-entry',
      comment: 'The HTTP edge is mounted by app.ts; it never reaches back up to the entry points.',
      severity: 'error',
      from: { path: HTTP },
      to: { path: ENTRY },
    },
    {
      name: 'routers-below-http',
      comment: 'Procedures know nothing of HTTP: the REST edge and /trpc both call them.',
      severity: 'error',
      from: { path: ROUTERS },
      to: { path: above(HTTP, ENTRY) },
    },
    {
      name: 'services-below-routers',
      comment: 'Services take plain arguments, never a tRPC context or an HTTP request.',
      severity: 'error',
      from: { path: SERVICES, pathNot: ENTRY },
      to: { path: above(ROUTERS, HTTP, ENTRY) },
    },
    {
      name: 'repositories-below-services',
      comment: 'Repositories own the SQL of one aggregate and know no service.',
      severity: 'error',
      from: { path: REPOSITORIES },
      to: { path: above(SERVICES, ROUTERS, HTTP, ENTRY) },
    },
    {
      name: 'domain-is-pure',
      comment: 'The rules are pure functions: no database, no I/O, nothing of the api outside domain/.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: '^src/', pathNot: DOMAIN },
    },
    {
      name: 'domain-does-no-io',
      comment: 'The rules reach no file, network, process or database: Node built-ins are refused.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-uses-only-contracts-and-zod',
      comment: 'The only packages a rule may use are the published contracts and zod.',
      severity: 'error',
      from: { path: DOMAIN },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: 'node_modules/(zod|@tbo/contracts)/',
      },
    },
    {
      name: 'lib-is-low',
      comment: 'Small utilities every layer may use; they use nothing above the rules.',
      severity: 'error',
      from: { path: LIB },
      to: { path: '^src/', pathNot: above(LIB, DOMAIN) },
    },
    {
      name: 'db-is-the-bottom',
      comment: 'The connection, schema and migrations: the layer everything else stands on.',
      severity: 'error',
      from: { path: DB },
      to: { path: '^src/', pathNot: above(DB, LIB) },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { conditionNames: ['@tbo/source', 'import', 'types', 'default'] },
  },
};
