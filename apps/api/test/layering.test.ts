import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const apiRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = join(apiRoot, '.dependency-cruiser.cjs');
// The api's own install of the tool, as `pnpm --filter @tbo/api deps:check` runs it.
const depcruise = join(apiRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface CruiseReport {
  summary: { error: number; violations: { rule: { name: string }; from: string; to: string }[] };
}

function cruise(cwd: string): Promise<CruiseReport> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [depcruise, 'src', '--config', config, '--output-type', 'json'],
      { cwd, maxBuffer: 64 * 1024 * 1024 },
      // A violation exits non-zero; the report on stdout is what we read.
      (error, stdout) => {
        try {
          resolve(JSON.parse(stdout) as CruiseReport);
        } catch {
          reject(error ?? new Error('dependency-cruiser printed no report'));
        }
      },
    );
  });
}

/** A module in node_modules by its package name; anything else as reported. */
function packageOf(resolved: string): string {
  return (
    /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(resolved)?.[1] ?? resolved
  );
}

/** A small tree with one breach of each rule, laid out like the api's src/. */
const BREACHES: Record<string, string> = {
  'src/app.ts': "import './http/edge.js';\nexport type Mount = () => void;\n",
  'src/http/edge.ts':
    "import type { Mount } from '../app.js';\nexport const edge: Mount | undefined = undefined;\n",
  'src/routers/transfers.ts': "import '../http/plain.js';\n",
  'src/http/plain.ts': 'export const plain = 1;\n',
  'src/services/transfers.ts': "import '../context.js';\n",
  'src/context.ts': 'export const context = 1;\n',
  'src/domain/rule.ts': "import '../db/client.js';\n",
  'src/domain/reads-files.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  'src/domain/opens-sqlite.ts': "import Database from 'better-sqlite3';\nexport const open = Database;\n",
  'src/db/client.ts': "import '../services/housekeeping.js';\n",
  'src/services/housekeeping.ts': 'export const housekeeping = 1;\n',
  'src/lib/clock.ts': "import '../services/housekeeping.js';\n",
  'src/repositories/transfers.ts': "import '../services/housekeeping.js';\n",
};

describe('the layering rules (the dependency check of the test command)', () => {
  let tree: string;

  beforeAll(() => {
    // Inside the api's folder, so that packages resolve from its node_modules as in src/.
    tree = mkdtempSync(join(apiRoot, '.layering-'));
    for (const [path, text] of Object.entries(BREACHES)) {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), text);
    }
    writeFileSync(
      join(tree, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
    );
  });

  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it('holds for the api as it is', async () => {
    const report = await cruise(apiRoot);
    expect(report.summary.violations).toEqual([]);
  });

  it('names each breach: a circle, and each layer importing one above it', async () => {
    const report = await cruise(tree);
    const found = report.summary.violations
      .map((v) => `${v.rule.name}: ${v.from} -> ${packageOf(v.to)}`)
      .sort();
    expect(found).toEqual(
      [
        'db-is-the-bottom: src/db/client.ts -> src/services/housekeeping.ts',
        'domain-is-pure: src/domain/rule.ts -> src/db/client.ts',
        'domain-does-no-io: src/domain/reads-files.ts -> fs',
        'domain-uses-only-contracts-and-zod: src/domain/opens-sqlite.ts -> better-sqlite3',
        'http-below-entry: src/http/edge.ts -> src/app.ts',
        'lib-is-low: src/lib/clock.ts -> src/services/housekeeping.ts',
        'no-circular: src/app.ts -> src/http/edge.ts',
        'repositories-below-services: src/repositories/transfers.ts -> src/services/housekeeping.ts',
        'routers-below-http: src/routers/transfers.ts -> src/http/plain.ts',
        'services-below-routers: src/services/transfers.ts -> src/context.ts',
      ].sort(),
    );
  });
});
