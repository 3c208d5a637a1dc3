// Finds the JSON examples embedded in the prose of the seed documents.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEEDS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'seeds');

export type JsonObject = { [key: string]: unknown };

export interface SeedExample {
  file: string;
  /** 1-based line of the opening brace in the seed file. */
  line: number;
  text: string;
  value: JsonObject;
}

/**
 * Index just past the `}` that closes the `{` at `start`, or -1 when the text
 * ends first. Braces inside JSON string literals do not count.
 */
export function findClosingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every outermost balanced `{ … }` block of `text` that parses as a JSON
 * object. A block that does not parse is skipped one character at a time, so
 * an object nested in prose braces is still found.
 */
export function extractJsonObjects(text: string): { offset: number; text: string; value: JsonObject }[] {
  const found: { offset: number; text: string; value: JsonObject }[] = [];
  let i = text.indexOf('{');
  while (i !== -1) {
    const end = findClosingBrace(text, i);
    let next = i + 1;
    if (end !== -1) {
      const candidate = text.slice(i, end);
      try {
        const value: unknown = JSON.parse(candidate);
        if (isJsonObject(value)) {
          found.push({ offset: i, text: candidate, value });
          next = end;
        }
      } catch {
        // prose in braces, not JSON
      }
    }
    i = text.indexOf('{', next);
  }
  return found;
}

export function seedFiles(): string[] {
  return readdirSync(SEEDS_DIR)
    .filter((name) => name.endsWith('.txt'))
    .sort();
}

export function readSeedExamples(): SeedExample[] {
  const examples: SeedExample[] = [];
  for (const file of seedFiles()) {
    const text = readFileSync(join(SEEDS_DIR, file), 'utf8');
    for (const block of extractJsonObjects(text)) {
      const line = text.slice(0, block.offset).split('\n').length;
      examples.push({ file, line, text: block.text, value: block.value });
    }
  }
  return examples;
}

export type ExampleKind =
  | 'create-securities-transfer-request'
  | 'create-account-transfer-request'
  | 'securities-transfer'
  | 'account-transfer'
  | 'list-securities-transfers-response'
  | 'webhook-event'
  | 'unknown';

/** Tells what an example is by the keys it carries. */
export function classifyExample(value: JsonObject): ExampleKind {
  const has = (key: string) => Object.hasOwn(value, key);
  if (has('meta') && has('data')) return 'list-securities-transfers-response';
  if (has('type') && has('object') && has('webhook_id')) return 'webhook-event';
  const isResource = has('id') && has('created_at') && has('status');
  if (has('instruments')) return isResource ? 'account-transfer' : 'create-account-transfer-request';
  if (has('instrument_id')) return isResource ? 'securities-transfer' : 'create-securities-transfer-request';
  return 'unknown';
}
