// The seed documents are the spec: every JSON example in them must parse with
// the schema of its kind, unchanged.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  AccountTransferSchema,
  CreateAccountTransferRequestSchema,
  CreateSecuritiesTransferRequestSchema,
  describeIssues,
  ListSecuritiesTransfersResponseSchema,
  SecuritiesTransferEventSchema,
  SecuritiesTransferSchema,
  WebhookDeliveryBodySchema,
  WebhookEventSchema,
} from '../src/index.js';
import {
  classifyExample,
  type ExampleKind,
  extractJsonObjects,
  findClosingBrace,
  readSeedExamples,
  seedFiles,
} from './seed-examples.js';

const SCHEMA_OF: Record<Exclude<ExampleKind, 'unknown'>, z.ZodType> = {
  'create-securities-transfer-request': CreateSecuritiesTransferRequestSchema,
  'create-account-transfer-request': CreateAccountTransferRequestSchema,
  'securities-transfer': SecuritiesTransferSchema,
  'account-transfer': AccountTransferSchema,
  'list-securities-transfers-response': ListSecuritiesTransfersResponseSchema,
  'webhook-event': SecuritiesTransferEventSchema,
};

// How many examples the seeds hold of each kind (counted by hand from the
// documents); a silent extractor failure changes these.
const EXPECTED_COUNTS: Record<ExampleKind, number> = {
  'create-securities-transfer-request': 2, // 003 outgoing, 004 request example
  'create-account-transfer-request': 2, // 001 incoming and outgoing
  'securities-transfer': 2, // 003 GET response, 004 "Securities Transfer created"
  'account-transfer': 1, // 001 GET by id
  'list-securities-transfers-response': 1, // 004 list
  'webhook-event': 1, // 004 SECURITIES_TRANSFER.NEW event
  unknown: 0,
};

const examples = readSeedExamples();

function parseOrExplain(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  return {
    success: result.success,
    issues: result.success ? [] : describeIssues(result.error),
    data: result.success ? result.data : undefined,
  };
}

describe('JSON extractor', () => {
  it('finds the closing brace, ignoring braces inside JSON strings', () => {
    const text = 'x {"a": "}{", "b": {"c": "\\"}"}} tail';
    const start = text.indexOf('{');
    expect(text.slice(start, findClosingBrace(text, start))).toBe('{"a": "}{", "b": {"c": "\\"}"}}');
    expect(findClosingBrace('{"open": 1', 0)).toBe(-1);
  });

  it('returns outermost JSON objects only and skips prose in braces', () => {
    const text = [
      'Response `{ meta: { offset, limit }, data: [...] }` in prose.',
      '{ "outer": { "inner": 1 } }glued text',
      'an array [{"not": "top level object"}] is still found inside',
      '{ not json { "nested": true } }',
    ].join('\n');
    expect(extractJsonObjects(text).map((found) => found.value)).toEqual([
      { outer: { inner: 1 } },
      { not: 'top level object' },
      { nested: true },
    ]);
  });

  it('reads every seed document', () => {
    expect(seedFiles()).toEqual([
      '000_48b871b900471825.txt',
      '001_bbd2128aa936b20f.txt',
      '002_b9fb68246530e9dd.txt',
      '003_9e66f2949bc0231c.txt',
      '004_6259821da05fb747.txt',
    ]);
  });
});

describe('seed examples', () => {
  it('finds the expected number of examples of each kind', () => {
    const counts: Record<ExampleKind, number> = {
      'create-securities-transfer-request': 0,
      'create-account-transfer-request': 0,
      'securities-transfer': 0,
      'account-transfer': 0,
      'list-securities-transfers-response': 0,
      'webhook-event': 0,
      unknown: 0,
    };
    for (const example of examples) counts[classifyExample(example.value)]++;
    expect(counts).toEqual(EXPECTED_COUNTS);
    expect(examples).toHaveLength(9);
  });

  it('finds the examples where the documents hold them', () => {
    expect(examples.map(({ file, line }) => `${file}:${line}`)).toEqual([
      '001_bbd2128aa936b20f.txt:37',
      '001_bbd2128aa936b20f.txt:66',
      '001_bbd2128aa936b20f.txt:144',
      '003_9e66f2949bc0231c.txt:20',
      '003_9e66f2949bc0231c.txt:62',
      '004_6259821da05fb747.txt:98',
      '004_6259821da05fb747.txt:276',
      '004_6259821da05fb747.txt:296',
      '004_6259821da05fb747.txt:511',
    ]);
  });

  it.each(examples.map((example) => [`${example.file}:${example.line}`, example] as const))(
    '%s parses with the schema of its kind, unchanged',
    (_where, example) => {
      const kind = classifyExample(example.value);
      expect(kind).not.toBe('unknown');
      if (kind === 'unknown') return;
      const result = parseOrExplain(SCHEMA_OF[kind], example.value);
      expect(result.issues).toEqual([]);
      expect(result.success).toBe(true);
      // Nothing stripped, defaulted or rewritten: every field of the example is
      // a field the schema knows.
      expect(result.data).toEqual(example.value);
    },
  );

  it('every resource inside the list response is a securities transfer', () => {
    const list = examples.find((e) => classifyExample(e.value) === 'list-securities-transfers-response');
    const data = list?.value.data;
    expect(Array.isArray(data) && data.length).toBe(2);
    for (const item of Array.isArray(data) ? data : []) {
      expect(parseOrExplain(SecuritiesTransferSchema, item).issues).toEqual([]);
    }
  });

  it('the webhook event parses as any webhook event and in a delivery body', () => {
    const events = examples.filter((e) => classifyExample(e.value) === 'webhook-event').map((e) => e.value);
    expect(events).toHaveLength(1);
    for (const event of events) {
      expect(parseOrExplain(WebhookEventSchema, event).issues).toEqual([]);
    }
    expect(parseOrExplain(WebhookDeliveryBodySchema, { payload: events }).issues).toEqual([]);
  });

  it('a create request is not mistaken for a resource, nor the other way round', () => {
    for (const example of examples) {
      const kind = classifyExample(example.value);
      if (kind === 'create-securities-transfer-request') {
        expect(SecuritiesTransferSchema.safeParse(example.value).success).toBe(false);
      }
      if (kind === 'securities-transfer') {
        // The strict request schema refuses the server-set fields.
        const names = parseOrExplain(CreateSecuritiesTransferRequestSchema, example.value).issues.map(
          (issue) => issue.name,
        );
        expect(names).toEqual(expect.arrayContaining(['id', 'created_at', 'updated_at', 'status']));
      }
    }
  });
});
