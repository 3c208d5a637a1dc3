// The build cache and the dependency lists are only as trustworthy as what
// they are keyed on: a root config that is not in turbo's hash can serve a
// stale build, and a dependency no source imports ships for nothing.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKSPACES = ['apps', 'packages'].flatMap((group) =>
  readdirSync(join(REPO_ROOT, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(group, entry.name)),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|cts)$/.test(entry.name))
    .filter((entry) => !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Bare specifiers a file imports, re-exports or loads, reduced to the package name. */
function importedPackages(file: string): Set<string> {
  const text = readFileSync(file, 'utf8');
  const names = new Set<string>();
  const pattern = /(?:from\s+|import\s*\(\s*|import\s+|require\s*\(\s*)['"]([^'"./][^'"]*)['"]/g;
  for (const match of text.matchAll(pattern)) {
    const specifier = match[1] ?? '';
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? ''));
  }
  return names;
}

describe('turbo cache key', () => {
  it('hashes the root configs every task is built, checked and tested with', () => {
    const dry = JSON.parse(
      execFileSync('npx', ['turbo', 'run', 'build', 'typecheck', '--dry=json'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as { globalCacheInputs: { files: Record<string, string> } };
    expect(Object.keys(dry.globalCacheInputs.files)).toEqual(
      expect.arrayContaining(['biome.json', 'package.json', 'tsconfig.base.json', 'vitest.config.ts']),
    );
  }, 60_000);
});

describe('runtime dependencies', () => {
  it.each(WORKSPACES)('%s imports every package it lists in dependencies from src/', (workspace) => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, workspace, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const used = new Set(
      sourceFiles(join(REPO_ROOT, workspace, 'src')).flatMap((f) => [...importedPackages(f)]),
    );
    const unused = Object.keys(manifest.dependencies ?? {}).filter((name) => !used.has(name));
    expect(unused).toEqual([]);
  });
});
