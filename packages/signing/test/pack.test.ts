// Packs @tbo/signing as it would be published, installs the tarball in a
// throwaway project outside the workspace and signs and verifies with it
// from ESM and CommonJS.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  pack,
  publintFindings,
  REPO_ROOT,
  run,
  tarballFiles,
  typesProblems,
  unshippedExports,
} from '../../contracts/test/published-package.js';

const TIMEOUT = 120_000;
const PKG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Signs and verifies a few bytes with a fresh Ed25519 key, and says which file it loaded.
const BODY = `
const keys = generateKeyPair('ed25519');
const data = new TextEncoder().encode('payload');
const signature = signBytes('ed25519', toPrivateKey(keys.privateKey), data);
const verified = verifyBytes('ed25519', toPublicKey(keys.publicKey), data, signature);
const tampered = verifyBytes('ed25519', toPublicKey(keys.publicKey), new TextEncoder().encode('other'), signature);
`;
const ESM_SCRIPT = `import { generateKeyPair, signBytes, toPrivateKey, toPublicKey, verifyBytes } from '@tbo/signing';
${BODY}
console.log(JSON.stringify({ loaded: import.meta.resolve('@tbo/signing'), verified, tampered }));
`;
const CJS_SCRIPT = `const { generateKeyPair, signBytes, toPrivateKey, toPublicKey, verifyBytes } = require('@tbo/signing');
${BODY}
console.log(JSON.stringify({ loaded: require.resolve('@tbo/signing'), verified, tampered }));
`;

describe('packed @tbo/signing', () => {
  let workDir = '';
  let tarball = '';
  let project = '';
  const installed = () => join(project, 'node_modules', '@tbo', 'signing');

  beforeAll(() => {
    ensureBuilt(PKG_DIR, '@tbo/signing', ['dist/index.cjs', 'dist/index.js', 'dist/index.d.ts']);
    workDir = mkdtempSync(join(tmpdir(), 'tbo-signing-pack-'));
    expect(relative(REPO_ROOT, workDir).startsWith('..')).toBe(true);
    tarball = pack(PKG_DIR, workDir);
    expect(tarball).toBe(join(workDir, 'tbo-signing-0.1.0.tgz'));
    project = join(workDir, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true })}\n`);
    run('npm', ['install', '--no-audit', '--no-fund', tarball], project);
    writeFileSync(join(project, 'check.mjs'), ESM_SCRIPT);
    writeFileSync(join(project, 'check.cjs'), CJS_SCRIPT);
  }, TIMEOUT);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('ships dist, its licence, readme and changelog only: no sources, tests or scripts', () => {
    const files = tarballFiles(tarball);
    for (const file of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts']) {
      expect(files).toContain(`package/dist/${file}`);
    }
    expect(files.filter((f) => !f.startsWith('package/dist/'))).toEqual([
      'package/CHANGELOG.md',
      'package/LICENSE',
      'package/README.md',
      'package/package.json',
    ]);
    expect(readFileSync(join(PKG_DIR, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    expect(JSON.parse(readFileSync(join(PKG_DIR, 'package.json'), 'utf8'))).toMatchObject({ license: 'MIT' });
  });

  it('names only shipped files in exports, under every condition', () => {
    expect(unshippedExports(tarball)).toEqual([]);
  });

  it.each([
    ['an ES module (import)', 'check.mjs', 'index.js'],
    ['CommonJS (require)', 'check.cjs', 'index.cjs'],
  ])(
    'signs and verifies from %s',
    (_, script, entry) => {
      const out = JSON.parse(run(process.execPath, [script], project)) as {
        loaded: string;
        verified: boolean;
        tampered: boolean;
      };
      const loaded = out.loaded.startsWith('file:') ? fileURLToPath(out.loaded) : out.loaded;
      expect(loaded).toBe(join(installed(), 'dist', entry));
      expect(out).toMatchObject({ verified: true, tampered: false });
    },
    TIMEOUT,
  );

  it(
    'passes publint in strict mode',
    async () => {
      expect(await publintFindings(tarball)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'passes are-the-types-wrong: types match what node10, node16 and bundlers load',
    () => {
      expect(typesProblems(tarball)).toEqual([]);
    },
    TIMEOUT,
  );
});
