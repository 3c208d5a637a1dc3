import type { JsonObject } from './json-schema.js';
import { type Examples, OPERATION_EXAMPLES } from './operation-examples.js';

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function setExamples(holder: unknown, examples: Examples | undefined): void {
  if (!isObject(holder) || !isObject(holder.content) || examples === undefined) return;
  for (const media of Object.values(holder.content)) {
    if (isObject(media)) media.examples = { ...examples } as unknown as JsonObject;
  }
}

/** Puts each operation's examples on its request body and its success response, in place. */
export function attachExamples(paths: Record<string, JsonObject>): void {
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      if (!isObject(operation) || typeof operation.operationId !== 'string') continue;
      const examples = OPERATION_EXAMPLES[operation.operationId];
      setExamples(operation.requestBody, examples?.request);
      if (!isObject(operation.responses)) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (status.startsWith('2')) setExamples(response, examples?.response);
      }
    }
  }
}

/** The section an operation is listed under, by its path. */
export function tagOf(path: string): string {
  if (path.startsWith('/auth')) return 'Authentication';
  if (path.startsWith('/securities_transfers')) return 'Securities transfers';
  if (path.startsWith('/account_transfers')) return 'Account transfers';
  return 'Webhooks';
}

export const TAGS: JsonObject[] = [
  {
    name: 'Authentication',
    description: 'OAuth 2.0 client credentials; every request is signed (draft 15).',
  },
  { name: 'Securities transfers', description: 'One ISIN moved in or out of a user’s account.' },
  { name: 'Account transfers', description: 'Several positions (or a whole account) with one request.' },
  { name: 'Webhooks', description: 'Subscriptions, the event log, the delivery log and the signing keys.' },
  {
    name: 'Webhook events',
    description: 'What the api POSTs to a subscription’s url: `{ "payload": [event, …] }`, signed.',
  },
];

/** Adds each operation's tag, in place. */
export function tagOperations(paths: Record<string, JsonObject>): void {
  for (const [path, item] of Object.entries(paths)) {
    for (const operation of Object.values(item)) {
      if (isObject(operation)) operation.tags = [tagOf(path)];
    }
  }
}
