// The OpenAPI renderer's files (swagger-ui-dist), served by the api itself so
// the reference works without any network: the build copies them next to the
// server (dist/reference-ui); from sources they are read from the package.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The files the page loads, and the licence texts that travel with them. */
export const REFERENCE_UI_FILES = [
  'swagger-ui-bundle.js',
  'swagger-ui.css',
  'LICENSE',
  'NOTICE',
  'package.json',
] as const;
export const REFERENCE_UI_DIR = 'reference-ui';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

export interface ReferenceAsset {
  contentType: string;
  body: Buffer;
}

export interface ReferenceAssets {
  version: string;
  /** By file name; only the files the page loads. */
  files: ReadonlyMap<string, ReferenceAsset>;
}

/** The built copy beside the running server, else the installed package. */
export function referenceAssetsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 2; i++) {
    const candidate = join(dir, REFERENCE_UI_DIR);
    if (existsSync(join(candidate, 'swagger-ui-bundle.js'))) return candidate;
    dir = dirname(dir);
  }
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

let loaded: ReferenceAssets | undefined;

/** Read once, then served from memory. */
export function referenceAssets(): ReferenceAssets {
  if (loaded) return loaded;
  const folder = referenceAssetsFolder();
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string };
  const files = new Map<string, ReferenceAsset>();
  for (const name of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
    const extension = name.slice(name.lastIndexOf('.'));
    files.set(name, {
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      body: readFileSync(join(folder, name)),
    });
  }
  loaded = { version: manifest.version, files };
  return loaded;
}
