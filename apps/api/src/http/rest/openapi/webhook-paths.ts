import { DeliveryLogQuerySchema, EventLogQuerySchema } from '@tbo/contracts';
import { type Json, type JsonObject, ref } from './json-schema.js';
import { HEADERS, queryParameters } from './parameters.js';

/** The building blocks document.ts shares with these paths. */
export interface PathKit {
  responses(
    success: JsonObject | undefined,
    description: string,
    statuses: readonly string[],
    status?: '200' | '201' | '204',
  ): JsonObject;
  readErrors: readonly string[];
  writeErrors: readonly string[];
  signed: readonly JsonObject[];
  signedWrite: readonly JsonObject[];
}

const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Subscription id; another tenant’s subscription is a 404.',
  schema: { type: 'string', format: 'uuid' },
};
const jsonBody = (schema: string): JsonObject => ({
  required: true,
  content: { 'application/json': { schema: ref(schema) } },
});

/**
 * `/webhooks…` as mounted from `webhookRestRoutes`: signed and authenticated
 * like the transfer endpoints, except the public keys (no credentials).
 */
export function webhookPaths(kit: PathKit): Record<string, JsonObject> {
  const security = (scope: string): Json => [{ oauth: [scope] }];
  const optionalKey = {
    ...HEADERS.idempotencyKey,
    required: false,
    description:
      'Optional UUID; when sent it is honoured like on POST (a retry replays the first answer, another request with the same key is a 422).',
  };
  const signedChange = [...kit.signed, optionalKey];
  const read = [...kit.readErrors];
  const write = [...kit.writeErrors];
  const deliveryQuery = DeliveryLogQuerySchema;
  return {
    '/webhooks': {
      get: {
        summary: 'List webhook subscriptions',
        operationId: 'list_webhooks',
        security: security('webhooks:read'),
        parameters: [...kit.signed],
        responses: kit.responses(ref('ListWebhooksResponse'), 'the tenant’s subscriptions', read),
      },
      post: {
        summary: 'Create a webhook subscription',
        description:
          'At most 25 per tenant. The url must be http(s) and pass the address policy (private and link-local addresses are refused).',
        operationId: 'create_webhook',
        security: security('webhooks:admin'),
        parameters: [...kit.signedWrite],
        requestBody: jsonBody('CreateWebhookRequest'),
        responses: kit.responses(ref('Webhook'), 'subscription created', write, '201'),
      },
    },
    '/webhooks/events': {
      get: {
        summary: 'Read the event log',
        description:
          'The tenant’s events oldest first. Keep next_cursor (returned even when data is empty) and pass it as since.',
        operationId: 'list_webhook_events',
        security: security('webhooks:read'),
        parameters: [...queryParameters(EventLogQuerySchema), ...kit.signed],
        responses: kit.responses(ref('EventLogResponse'), 'a page of events', read),
      },
    },
    '/webhooks/public_keys': {
      get: {
        summary: 'Public keys that sign webhook deliveries',
        description: 'Public: no token, no signature. Pick the key by keyid; old keys stay listed.',
        operationId: 'list_webhook_public_keys',
        security: [],
        parameters: [],
        responses: kit.responses(ref('PublicKeysResponse'), 'Ed25519 public keys (SPKI PEM)', [
          '400',
          '406',
          '500',
        ]),
      },
    },
    '/webhooks/{id}': {
      get: {
        summary: 'Get a webhook subscription',
        operationId: 'get_webhook',
        security: security('webhooks:read'),
        parameters: [idParam, ...kit.signed],
        responses: kit.responses(ref('Webhook'), 'the subscription', read),
      },
      patch: {
        summary: 'Change a webhook subscription',
        operationId: 'update_webhook',
        security: security('webhooks:admin'),
        parameters: [idParam, ...signedChange, HEADERS.contentDigest],
        requestBody: jsonBody('UpdateWebhookRequest'),
        responses: kit.responses(ref('Webhook'), 'the changed subscription', write),
      },
      delete: {
        summary: 'Delete a webhook subscription',
        description: 'Soft delete: nothing more is sent; the delivery log stays.',
        operationId: 'delete_webhook',
        security: security('webhooks:admin'),
        parameters: [idParam, ...signedChange],
        responses: kit.responses(undefined, 'deleted', write, '204'),
      },
    },
    '/webhooks/{id}/deliveries': {
      get: {
        summary: 'Delivery log of a subscription',
        operationId: 'list_webhook_deliveries',
        security: security('webhooks:read'),
        parameters: [idParam, ...queryParameters(deliveryQuery), ...kit.signed],
        responses: kit.responses(ref('ListDeliveriesResponse'), 'deliveries', read),
      },
    },
    '/webhooks/{id}/attempts': {
      get: {
        summary: 'Delivery attempts of a subscription',
        operationId: 'list_webhook_attempts',
        security: security('webhooks:read'),
        parameters: [idParam, ...queryParameters(deliveryQuery.omit({ state: true })), ...kit.signed],
        responses: kit.responses(ref('ListAttemptsResponse'), 'attempts', read),
      },
    },
    '/webhooks/{id}/redeliver': {
      post: {
        summary: 'Redeliver an event, or every failed delivery since a time',
        description:
          '{ event_id }: that delivery is due now (sent again even if delivered). { since }: every pending delivery with a failed attempt at or after since is due now.',
        operationId: 'redeliver_webhook',
        security: security('webhooks:admin'),
        parameters: [idParam, ...kit.signedWrite],
        requestBody: jsonBody('RedeliverRequest'),
        responses: kit.responses(ref('RedeliverResponse'), 'how many deliveries were rescheduled', write),
      },
    },
  };
}
