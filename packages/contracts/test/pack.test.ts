// Packs @tbo/contracts as it would be published, installs the tarball in a
// throwaway project outside the workspace and uses it from ESM and CommonJS.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
} from './published-package.js';
import { classifyExample, readSeedExamples } from './seed-examples.js';

const TIMEOUT = 120_000;
const PKG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const JSON_SCHEMA_FILES = [
  'account-transfer-validation.json',
  'account-transfer.json',
  'create-account-transfer-request.json',
  'create-securities-transfer-request.json',
  'create-webhook-request.json',
  'event-log-query.json',
  'event-log-response.json',
  'list-account-transfers-query.json',
  'list-account-transfers-response.json',
  'list-securities-transfers-query.json',
  'list-securities-transfers-response.json',
  'list-webhook-attempts-response.json',
  'list-webhook-deliveries-response.json',
  'list-webhooks-response.json',
  'problem.json',
  'redeliver-request.json',
  'redeliver-response.json',
  'securities-transfer-validation.json',
  'securities-transfer.json',
  'token-request.json',
  'token-response.json',
  'update-webhook-request.json',
  'webhook-delivery-body.json',
  'webhook-event.json',
  'webhook-public-keys-response.json',
  'webhook.json',
];

const ESM_SCRIPT = `
import { readFileSync } from 'node:fs';
import { ZodError } from 'zod';
import { CreateSecuritiesTransferRequestSchema, CreateWebhookRequestSchema, describeIssues } from '@tbo/contracts';

const example = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ok = CreateSecuritiesTransferRequestSchema.safeParse(example);
const bad = CreateSecuritiesTransferRequestSchema.safeParse({ ...example, instrument_id: 'US0378331006', quantity: '0' });
console.log(JSON.stringify({
  loaded: import.meta.resolve('@tbo/contracts'),
  ok: ok.success,
  instrument: ok.success ? ok.data.instrument_id : null,
  invalid: bad.success ? [] : describeIssues(bad.error),
  sameZod: bad.error instanceof ZodError,
  webhook: CreateWebhookRequestSchema.safeParse({ url: 'https://client.example/hooks', event_types: ['SECURITIES_TRANSFER.NEW'] }).success,
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
  webhook?: boolean;
  jsonSchemaRequired?: string[];
}

describe('packed @tbo/contracts', () => {
  let workDir = '';
  let tarball = '';
  let project = '';
  const installed = () => join(project, 'node_modules', '@tbo', 'contracts');

  beforeAll(() => {
    ensureBuilt(PKG_DIR, '@tbo/contracts', ['dist/index.cjs', 'dist/json-schema']);
    workDir = mkdtempSync(join(tmpdir(), 'tbo-contracts-pack-'));
    expect(relative(REPO_ROOT, workDir).startsWith('..')).toBe(true);
    tarball = pack(PKG_DIR, workDir);
    expect(tarball).toBe(join(workDir, 'tbo-contracts-0.1.0.tgz'));

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

  it('ships dist, its licence, readme and changelog only: no sources, tests or seeds', () => {
    const files = tarballFiles(tarball);
    expect(files).toContain('package/package.json');
    expect(files).toContain('package/LICENSE');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.cjs');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/dist/index.d.cts');
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
      expect(out.webhook).toBe(true);
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
