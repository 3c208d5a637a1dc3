import { configDefaults, defineConfig } from 'vitest/config';

// api test files about what only the SQLite file has (pragmas, WAL, the
// writer thread, the file on disk), or that start a PostgreSQL server of their own.
const SQLITE_ONLY_API_TESTS = [
  '**/*.sqlite.test.ts',
  'test/postgres-*.test.ts',
  'src/db/checkpointer.test.ts',
  'src/db/prepared-query.test.ts',
  'src/services/write/writer-thread.test.ts',
];

// One config, one project per package; tests sit beside the code (*.test.ts)
// and cross-app end-to-end tests live in e2e/; scripts/test checks the
// workspace as a whole (build cache keys, dependency lists).
export default defineConfig({
  resolve: { conditions: ['@tbo/source'] },
  ssr: { resolve: { conditions: ['@tbo/source'] } },
  test: {
    projects: [
      { extends: true, test: { name: 'contracts', root: 'packages/contracts' } },
      { extends: true, test: { name: 'signing', root: 'packages/signing' } },
      {
        extends: true,
        test: {
          name: 'api',
          root: 'apps/api',
          testTimeout: 30_000,
          // Files about what only several writers at once show (*.postgres.test.ts) run on PostgreSQL only.
          exclude: [...configDefaults.exclude, '**/*.postgres.test.ts'],
        },
      },
      // The same api suites on PostgreSQL: one server for the project, a fresh
      // database per test (apps/api/test/harness.ts). Files about what only
      // SQLite has, and those that start servers of their own, run once above.
      {
        extends: true,
        test: {
          name: 'api-pg',
          root: 'apps/api',
          testTimeout: 30_000,
          // A test database is a copy of the template made by the server: slower than a file when the machine is busy.
          hookTimeout: 30_000,
          env: { TBO_TEST_DATABASE: 'postgres' },
          globalSetup: ['test/support/postgres-global-setup.ts'],
          exclude: [...configDefaults.exclude, ...SQLITE_ONLY_API_TESTS],
        },
      },
      { extends: true, test: { name: 'reconciler', root: 'apps/reconciler', testTimeout: 60_000 } },
      { extends: true, test: { name: 'admin', root: 'apps/admin', testTimeout: 60_000 } },
      { extends: true, test: { name: 'workspace', root: 'scripts', testTimeout: 60_000 } },
    ],
  },
});
