import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ADMIN_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ADMIN_ROOT, 'dist');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** dist is missing, or older than a source file of the console. */
export function consoleBuildIsStale(): boolean {
  const index = join(DIST, 'index.html');
  if (!existsSync(index)) return true;
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(ADMIN_ROOT, p));
  return Math.max(...sources.map(newestMtime)) > statSync(index).mtimeMs;
}

/** Builds the console with vite's API when apps/admin/dist is missing or stale. */
export async function ensureConsoleBuilt(): Promise<void> {
  if (!consoleBuildIsStale()) return;
  const { build } = await import('vite');
  await build({ root: ADMIN_ROOT, configFile: join(ADMIN_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  if (!existsSync(join(DIST, 'index.html')))
    throw new Error(`the console build did not produce ${DIST}/index.html`);
}
