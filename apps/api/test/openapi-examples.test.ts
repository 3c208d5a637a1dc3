// The reference's examples: the copies of the source documents' examples are
// the documents' own, every operation shows a request (with a body) and a
// response, and every example parses with the contracts schema it illustrates.
import { EVENT_TYPES, ProblemSchema, WebhookDeliveryBodySchema } from '@tbo/contracts';
import { describe, expect, it } from 'vitest';
import { readSeedExamples } from '../../../packages/contracts/test/seed-examples.js';
import { COMPONENTS } from '../src/http/rest/openapi/components.js';
import { buildOpenApiDocument } from '../src/http/rest/openapi/document.js';
import type { Json, JsonObject } from '../src/http/rest/openapi/json-schema.js';
import { SEED_EXAMPLES } from '../src/http/rest/openapi/seed-examples.js';

const doc = buildOpenApiDocument();
const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const get = (value: Json | undefined, key: string): Json | undefined =>
  isObject(value) ? value[key] : undefined;

interface Operation {
  name: string;
  op: JsonObject;
}

function operations(section: 'paths' | 'webhooks'): Operation[] {
  const items = get(doc, section);
  if (!isObject(items)) return [];
  return Object.entries(items).flatMap(([path, item]) =>
    Object.entries(isObject(item) ? item : {}).flatMap(([method, op]) =>
      isObject(op) ? [{ name: `${method.toUpperCase()} ${path}`, op }] : [],
    ),
  );
}
const ALL = [...operations('paths'), ...operations('webhooks')];

interface MediaExamples {
  schema: string;
  examples: [string, Json][];
}

/** Each media type's $ref'd schema name and its examples' values. */
function mediaExamples(holder: Json | undefined): MediaExamples[] {
  const content = get(holder, 'content');
  if (!isObject(content)) return [];
  return Object.values(content).map((media) => {
    const ref = String(get(get(media, 'schema'), '$ref') ?? '');
    const examples = get(media, 'examples');
    return {
      schema: ref.replace('#/components/schemas/', ''),
      examples: Object.entries(isObject(examples) ? examples : {}).map(([key, example]) => [
        key,
        get(example, 'value') ?? null,
      ]),
    };
  });
}

function successResponses(op: JsonObject): [string, Json][] {
  const responses = get(op, 'responses');
  return Object.entries(isObject(responses) ? responses : {}).filter(([status]) => status.startsWith('2'));
}

function issuesOf(schemaName: string, value: Json): string[] {
  const component = COMPONENTS[schemaName];
  if (!component) return [`no contracts schema for ${schemaName}`];
  const result = component.schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('seed examples in the reference', () => {
  const seeds = readSeedExamples();

  it.each(Object.entries(SEED_EXAMPLES))(
    '%s is the source document’s example, unchanged',
    (_name, example) => {
      const original = seeds.find((s) => `${s.file}:${s.line}` === example.source);
      expect(original?.value).toBeDefined();
      expect(example.value).toEqual(original?.value);
    },
  );

  it('uses every example the source documents hold', () => {
    expect(
      Object.values(SEED_EXAMPLES)
        .map((e) => e.source)
        .sort(),
    ).toEqual(seeds.map((s) => `${s.file}:${s.line}`).sort());
  });

  it('shows each of them in the document', () => {
    const shown = JSON.stringify(doc);
    for (const example of Object.values(SEED_EXAMPLES))
      expect(shown).toContain(JSON.stringify(example.value));
  });
});

describe('examples of every operation', () => {
  it('lists every operation of the api and every event type', () => {
    expect(operations('paths')).toHaveLength(21);
    expect(operations('webhooks').map((o) => o.name)).toEqual(EVENT_TYPES.map((type) => `POST ${type}`));
  });

  it.each(ALL.map((o) => [o.name, o.op] as const))(
    '%s has a request example (with a body) and a response example',
    (_name, op) => {
      if (op.requestBody !== undefined) {
        const media = mediaExamples(op.requestBody);
        expect(media.length).toBeGreaterThan(0);
        for (const { examples } of media) expect(examples.length).toBeGreaterThan(0);
      }
      const success = successResponses(op);
      expect(success.length).toBeGreaterThan(0);
      for (const [status, response] of success) {
        const media = mediaExamples(response);
        // Only a 204 and a webhook receipt have no body to show.
        if (media.length === 0) {
          expect(status === '204' || op.operationId?.toString().startsWith('webhook_')).toBe(true);
          continue;
        }
        for (const { examples } of media) expect(examples.length).toBeGreaterThan(0);
      }
    },
  );

  it.each(ALL.map((o) => [o.name, o.op] as const))(
    '%s: every example parses with the schema it illustrates',
    (_name, op) => {
      const holders = [op.requestBody, ...successResponses(op).map(([, response]) => response)];
      for (const { schema, examples } of holders.flatMap(mediaExamples)) {
        for (const [key, value] of examples)
          expect({ key, issues: issuesOf(schema, value) }).toEqual({ key, issues: [] });
      }
    },
  );

  it('each webhook event’s example delivers an event of that type', () => {
    for (const { name, op } of operations('webhooks')) {
      const [{ examples } = { examples: [] }] = mediaExamples(op.requestBody);
      const body = WebhookDeliveryBodySchema.parse(examples[0]?.[1]);
      expect(body.payload.map((event) => event.type)).toEqual([name.replace('POST ', '')]);
    }
  });

  it('each problem response shows a problem of its status', () => {
    const responses = get(get(doc, 'components'), 'responses');
    const entries = Object.entries(isObject(responses) ? responses : {});
    expect(entries.length).toBeGreaterThan(10);
    for (const [name, response] of entries) {
      const media = get(get(response, 'content'), 'application/problem+json');
      const examples = Object.values(
        isObject(get(media, 'examples')) ? (get(media, 'examples') as JsonObject) : {},
      );
      expect(examples).toHaveLength(1);
      const problem = ProblemSchema.parse(get(examples[0], 'value'));
      expect(`Problem${problem.status}`).toBe(name);
      expect(problem.type).toMatch(/^\/problems\/[a-z-]+$/);
    }
  });
});
