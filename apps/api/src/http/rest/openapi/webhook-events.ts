// The OpenAPI 3.1 `webhooks` section: one entry per event type, each the
// signed POST a subscriber receives, with an example delivery. The example of
// SECURITIES_TRANSFER.NEW is the source documents' own; the others carry the
// same transfers in the state their event announces.
import { EVENT_TYPES, type EventType } from '@tbo/contracts';
import { type Json, type JsonObject, ref } from './json-schema.js';
import { SEED_EXAMPLES } from './seed-examples.js';

const seedEvent = SEED_EXAMPLES.securitiesTransferNewEvent.value;
const transfer = seedEvent.object as JsonObject;
const accountTransfer = SEED_EXAMPLES.accountTransfer.value;

function withInstruments(status: string, settled: (index: number) => string | undefined): JsonObject {
  return {
    ...accountTransfer,
    status,
    updated_at: '2025-01-24T10:00:00.00Z',
    instruments: (accountTransfer.instruments as JsonObject[]).map((item, index) => {
      const state = settled(index);
      if (state === undefined)
        return { ...item, status: status === 'PARTIALLY_SETTLED' ? 'CANCELLED' : status };
      return { ...item, status: 'SETTLED', quantity_settled: state };
    }),
  };
}

const OBJECTS: Record<EventType, JsonObject> = {
  'SECURITIES_TRANSFER.NEW': transfer,
  'SECURITIES_TRANSFER.PROCESSING': {
    ...transfer,
    status: 'PROCESSING',
    updated_at: '2024-01-22T14:20:00.00Z',
  },
  'SECURITIES_TRANSFER.SETTLED': {
    ...transfer,
    status: 'SETTLED',
    quantity_settled: '10',
    actual_settlement_date: '2024-01-23',
    updated_at: '2024-01-23T16:05:00.00Z',
  },
  'SECURITIES_TRANSFER.CANCELLED': {
    ...transfer,
    status: 'CANCELLED',
    updated_at: '2024-01-22T15:02:11.00Z',
    status_reason: { code: 'CLIENT_CANCELLED', text: 'cancelled at the client’s request' },
    cancellation: { requested_at: '2024-01-22T15:02:11.00Z', requested_by: 'CLIENT', state: 'DONE' },
  },
  'SECURITIES_TRANSFER.DATA_CHANGED': {
    ...transfer,
    status: 'PROCESSING',
    updated_at: '2024-01-23T09:30:00.00Z',
    status_reason: {
      code: 'CUSTODIAN_UNMATCHED',
      text: 'the counterparty’s instruction does not match yet',
      custodian_code: 'CMIS',
    },
  },
  'ACCOUNT_TRANSFER.NEW': accountTransfer,
  'ACCOUNT_TRANSFER.PROCESSING': withInstruments('PROCESSING', () => undefined),
  'ACCOUNT_TRANSFER.SETTLED': withInstruments('SETTLED', (index) => (index === 0 ? '10' : '5')),
  'ACCOUNT_TRANSFER.PARTIALLY_SETTLED': withInstruments('PARTIALLY_SETTLED', (index) =>
    index === 0 ? '10' : undefined,
  ),
  'ACCOUNT_TRANSFER.CANCELLED': withInstruments('CANCELLED', () => undefined),
};

const DESCRIPTIONS: Record<EventType, string> = {
  'SECURITIES_TRANSFER.NEW':
    'A securities transfer was created (also each instrument of an account transfer).',
  'SECURITIES_TRANSFER.PROCESSING': 'Validated and instructed at the custodian.',
  'SECURITIES_TRANSFER.SETTLED':
    'Settled at the custodian; quantity_settled and actual_settlement_date are set.',
  'SECURITIES_TRANSFER.CANCELLED':
    'Cancelled (by the client, an operator, a refusal or the custodian); status_reason says why.',
  'SECURITIES_TRANSFER.DATA_CHANGED':
    'A change without a change of status: dates moved, a partial settlement, a new status_reason, deadline or cancellation state.',
  'ACCOUNT_TRANSFER.NEW': 'An account transfer was created.',
  'ACCOUNT_TRANSFER.PROCESSING': 'Its first instrument started processing.',
  'ACCOUNT_TRANSFER.SETTLED': 'Every instrument settled.',
  'ACCOUNT_TRANSFER.PARTIALLY_SETTLED': 'Every instrument is final, some settled and some cancelled.',
  'ACCOUNT_TRANSFER.CANCELLED': 'Every instrument was cancelled.',
};

/** The delivery a subscriber receives for one event of `type`: one event in the bundle. */
export function exampleDelivery(type: EventType): JsonObject {
  const event: JsonObject =
    type === 'SECURITIES_TRANSFER.NEW'
      ? seedEvent
      : {
          id: `b5d0d9d0-bb8e-48b4-b2af-${(EVENT_TYPES.indexOf(type) + 1).toString(16).padStart(12, '0')}`,
          created_at: String(OBJECTS[type].updated_at),
          type,
          object: OBJECTS[type],
          webhook_id: String(seedEvent.webhook_id),
        };
  return { payload: [event] };
}

const header = (name: string, description: string): JsonObject => ({
  name,
  in: 'header',
  required: true,
  description,
  schema: { type: 'string' },
});

/** `webhooks` of the OpenAPI document: what the api POSTs to a subscription's url. */
export function webhookEvents(): Record<string, JsonObject> {
  const parameters: Json = [
    header(
      'signature',
      'HTTP message signature (draft 15) of the delivery, label sig1; verify with @tbo/signing.',
    ),
    header(
      'signature-input',
      'Covered components and parameters (created, expires, keyid, nonce); keyid names a key of GET /webhooks/public_keys.',
    ),
    header('content-digest', '`sha-512=:<base64>:` of the body.'),
  ];
  return Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          summary: type,
          description: `${DESCRIPTIONS[type]} Several events may arrive in one delivery, in order; deduplicate by event id.`,
          operationId: `webhook_${type.toLowerCase().replace('.', '_')}`,
          tags: ['Webhook events'],
          parameters,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('WebhookDeliveryBody'),
                examples: { [type]: { summary: `${type} delivery`, value: exampleDelivery(type) } },
              },
            },
          },
          responses: {
            '200': {
              description:
                'Received. Any other answer (or none within the timeout) is retried with back-off.',
            },
          },
        },
      },
    ]),
  );
}
