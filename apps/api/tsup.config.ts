import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';
import { REFERENCE_UI_DIR, REFERENCE_UI_FILES } from './src/http/rest/openapi/reference-assets.js';

/** The API reference's renderer ships inside the build: the server reads it from dist/, never a CDN. */
function copyReferenceUi(): void {
  const from = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const to = join('dist', REFERENCE_UI_DIR);
  mkdirSync(to, { recursive: true });
  for (const name of REFERENCE_UI_FILES) copyFileSync(join(from, name), join(to, name));
}

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
  async onSuccess() {
    copyReferenceUi();
  },
});
