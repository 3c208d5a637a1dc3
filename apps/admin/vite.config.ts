import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the api under /admin/. `pnpm dev` proxies the api calls to a
// running api (PORT 3000 by default), so the session cookie stays same-origin.
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  resolve: { conditions: ['@tbo/source'] },
  build: { outDir: 'dist', sourcemap: true, emptyOutDir: true },
  server: { proxy: { '/trpc': api, '/admin/api': api } },
});
