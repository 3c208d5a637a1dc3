import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the api under /admin/.
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  resolve: { conditions: ['source'] },
  build: { outDir: 'dist', sourcemap: true },
  server: { proxy: { '/trpc': 'http://127.0.0.1:3000' } },
});
