// Packs @tbo/contracts as it would be published, installs the tarball in a
// throwaway project outside the workspace and uses it from ESM and CommonJS.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyExample, readSeedExamples } from './seed-examples.js';

const TIMEOUT = 120_000;
const PKG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = resolve(PKG_DIR, '..', '..');

const JSON_SCHEMA_FILES = [
  'account-transfer-validation.json',
  'account-transfer.json',
  'create-account-transfer-request.json',
  'create-securities-transfer-request.json',
  'list-account-transfers-query.json',
  'list-account-transfers-response.json',
  'list-securities-transfers-query.json',
  'list-securities-transfers-response.json',
  'problem.json',
  'securities-transfer-validation.json',
  'securities-transfer.json',
  'token-request.json',
  'token-response.json',
  'webhook-delivery-body.json',
  'webhook-event.json',
];

// pnpm's own settings in the environment mean nothing to npm.
const childEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)),
);

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, env: childEnv, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

function newestMtime(dir: string, keep: (name: string) => boolean): number {
  return Math.max(
    0,
    ...readdirSync(dir)
      .filter(keep)
      .map((name) => statSync(join(dir, name)).mtimeMs),
  );
}

/** Builds when dist/ is missing, or older than the sources it is built from. */
function ensureBuilt(): void {
  const built = join(PKG_DIR, 'dist', 'index.cjs');
  const missing = !existsSync(built) || !existsSync(join(PKG_DIR, 'dist', 'json-schema'));
  const stale =
    !missing &&
    Math.max(
      newestMtime(join(PKG_DIR, 'src'), (name) => name.endsWith('.ts') && !name.endsWith('.test.ts')),
      newestMtime(join(PKG_DIR, 'scripts'), (name) => name.endsWith('.ts')),
    ) > statSync(built).mtimeMs;
  if (missing || stale) run('pnpm', ['--filter', '@tbo/contracts', 'build'], REPO_ROOT);
}

const ESM_SCRIPT = `
import { readFileSync } from 'node:fs';
import { ZodError } from 'zod';
import { CreateSecuritiesTransferRequestSchema, describeIssues } from '@tbo/contracts';

const example = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ok = CreateSecuritiesTransferRequestSchema.safeParse(example);
const bad = CreateSecuritiesTransferRequestSchema.safeParse({ ...example, instrument_id: 'US0378331006', quantity: '0' });
console.log(JSON.stringify({
  loaded: import.meta.resolve('@tbo/contracts'),
  ok: ok.success,
  instrument: ok.success ? ok.data.instrument_id : null,
  invalid: bad.success ? [] : describeIssues(bad.error),
  sameZod: bad.error instanceof ZodError,
}));
`;

const CJS_SCRIPT = `
const { readFileSync } = require('node:fs');
const { ZodError } = require('zod');
const { CreateSecuritiesTransferRequestSchema, describeIssues } = require('@tbo/contracts');
const jsonSchema = require('@tbo/contracts/json-schema/create-securities-transfer-request.json');

const example = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ok = CreateSecuritiesTransferRequestSchema.safeParse(example);
const bad = CreateSecuritiesTransferRequestSchema.safeParse({ ...example, instrument_id: 'US0378331006', quantity: '0' });
console.log(JSON.stringify({
  loaded: require.resolve('@tbo/contracts'),
  ok: ok.success,
  instrument: ok.success ? ok.data.instrument_id : null,
  invalid: bad.success ? [] : describeIssues(bad.error),
  sameZod: bad.error instanceof ZodError,
  jsonSchemaRequired: jsonSchema.required,
}));
`;

interface ScriptOutput {
  loaded: string;
  ok: boolean;
  instrument: string | null;
  invalid: { name: string; reason: string }[];
  sameZod: boolean;
  jsonSchemaRequired?: string[];
}

describe('packed @tbo/contracts', () => {
  let workDir = '';
  let tarball = '';
  let project = '';
  const installed = () => join(project, 'node_modules', '@tbo', 'contracts');

  beforeAll(() => {
    ensureBuilt();
    workDir = mkdtempSync(join(tmpdir(), 'tbo-contracts-pack-'));
    expect(relative(REPO_ROOT, workDir).startsWith('..')).toBe(true);
    run('pnpm', ['pack', '--pack-destination', workDir], PKG_DIR);
    const tarballs = readdirSync(workDir).filter((name) => name.endsWith('.tgz'));
    expect(tarballs).toEqual(['tbo-contracts-0.1.0.tgz']);
    tarball = join(workDir, tarballs[0] ?? '');

    project = join(workDir, 'consumer');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      `${JSON.stringify({ name: 'consumer', private: true }, null, 2)}\n`,
    );
    run('npm', ['install', '--no-audit', '--no-fund', tarball, 'zod@4.6.7'], project);

    // The securities transfer create request exactly as the seed prints it.
    const example = readSeedExamples().find(
      (e) => classifyExample(e.value) === 'create-securities-transfer-request',
    );
    if (!example) throw new Error('no securities transfer create request in the seeds');
    writeFileSync(join(project, 'example.json'), example.text);
    writeFileSync(join(project, 'check.mjs'), ESM_SCRIPT);
    writeFileSync(join(project, 'check.cjs'), CJS_SCRIPT);
  }, TIMEOUT);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('ships dist only: no sources, tests or seeds', () => {
    const files = run('tar', ['-tzf', tarball], workDir).trim().split('\n').sort();
    expect(files).toContain('package/package.json');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.cjs');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/dist/index.d.cts');
    expect(files.filter((f) => !f.startsWith('package/dist/') && f !== 'package/package.json')).toEqual([]);
  });

  function runScript(name: string): ScriptOutput {
    const out = run(process.execPath, [name, 'example.json'], project).trim();
    return JSON.parse(out) as ScriptOutput;
  }

  const expectedInvalid = [
    { name: 'instrument_id', reason: 'ISIN check digit does not match (Luhn)' },
    { name: 'quantity', reason: 'must be greater than zero' },
  ];

  it(
    'works from an ES module (import)',
    () => {
      const out = runScript('check.mjs');
      expect(fileURLToPath(out.loaded)).toBe(join(installed(), 'dist', 'index.js'));
      expect(out.ok).toBe(true);
      expect(out.instrument).toBe('US0378331005');
      expect(out.invalid).toEqual(expectedInvalid);
      expect(out.sameZod).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'works from CommonJS (require), JSON Schemas included',
    () => {
      const out = runScript('check.cjs');
      expect(out.loaded).toBe(join(installed(), 'dist', 'index.cjs'));
      expect(out.ok).toBe(true);
      expect(out.instrument).toBe('US0378331005');
      expect(out.invalid).toEqual(expectedInvalid);
      expect(out.sameZod).toBe(true);
      expect(out.jsonSchemaRequired).toEqual(
        expect.arrayContaining(['direction', 'instrument_id', 'quantity', 'counterparty']),
      );
    },
    TIMEOUT,
  );

  it('installs the JSON Schema files', () => {
    const dir = join(installed(), 'dist', 'json-schema');
    expect(readdirSync(dir).sort()).toEqual(JSON_SCHEMA_FILES);
    for (const name of JSON_SCHEMA_FILES) {
      const schema = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { $schema?: string };
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
    const request = JSON.parse(
      readFileSync(join(dir, 'create-securities-transfer-request.json'), 'utf8'),
    ) as {
      properties: Record<string, { pattern?: string }>;
      additionalProperties?: boolean;
    };
    expect(request.properties.quantity?.pattern).toBe('^[0-9]{0,63}(\\.[0-9]{1,27})?$');
    expect(request.additionalProperties).toBe(false);
  });

  it(
    'passes publint in strict mode',
    async () => {
      const bytes = readFileSync(tarball);
      // The published tarball itself is linted; its root is the package.
      const { messages, pkg } = await publint({
        pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
        strict: true,
      });
      expect(
        messages.map((message) => `${message.type}: ${formatMessage(message, pkg) ?? message.code}`),
      ).toEqual([]);
    },
    TIMEOUT,
  );
});
