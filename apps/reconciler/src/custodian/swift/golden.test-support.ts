import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** Test-only helper (not exported from index.ts): golden files live in apps/reconciler/test/golden/. */
export const GOLDEN_DIR = fileURLToPath(new URL('../../../test/golden/', import.meta.url));

export function readGolden(name: string): string {
  return readFileSync(`${GOLDEN_DIR}${name}`, 'utf8');
}

export function goldenNames(prefix: string): string[] {
  return readdirSync(GOLDEN_DIR)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.fin'))
    .sort();
}

/** Byte-for-byte comparison; `UPDATE_GOLDEN=1` rewrites the file instead (review the diff before committing). */
export function expectGolden(name: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(`${GOLDEN_DIR}${name}`, actual, 'utf8');
    return;
  }
  expect(actual).toBe(readGolden(name));
}
