import { defineConfig } from 'vitest/config';

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
      { extends: true, test: { name: 'api', root: 'apps/api', testTimeout: 30_000 } },
      { extends: true, test: { name: 'reconciler', root: 'apps/reconciler', testTimeout: 60_000 } },
      { extends: true, test: { name: 'admin', root: 'apps/admin', testTimeout: 60_000 } },
      { extends: true, test: { name: 'workspace', root: 'scripts', testTimeout: 60_000 } },
    ],
  },
});
