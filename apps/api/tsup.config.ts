import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    server: 'src/server.ts',
    seed: 'src/seed.ts',
    dispatcher: 'src/webhooks/main.ts',
    'db-writer': 'src/services/write/writer-worker.ts',
  },
  format: ['esm'],
  target: 'node20',
  clean: true,
  sourcemap: true,
});
