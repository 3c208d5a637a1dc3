// Request and response examples of every operation, by operationId. The
// transfer examples are the source documents' own (seed-examples.ts); where
// the documents show none (tokens, validation, cancellation, webhooks) the
// example is built from theirs, so every example tells one consistent story.
// test/openapi-examples.test.ts parses each with the schema it illustrates.
import type { Json, JsonObject } from './json-schema.js';
import { SEED_EXAMPLES } from './seed-examples.js';

export interface Example {
  summary: string;
  value: Json;
}
export type Examples = Record<string, Example>;

export interface OperationExamples {
  request?: Examples;
  response?: Examples;
}

const seed = SEED_EXAMPLES;
const created = seed.createdSecuritiesTransfer.value;
const accountTransfer = seed.accountTransfer.value;
/** The tenant client id of the source documents' header examples. */
export const EXAMPLE_CLIENT_ID = 'ebabcf4d-61c3-4942-875c-e265a7c2d062';
const EVENT = seed.securitiesTransferNewEvent.value;
const WEBHOOK_ID = String(EVENT.webhook_id);
const EVENT_ID = String(EVENT.id);

const cancelled: JsonObject = {
  ...created,
  updated_at: '2024-01-22T15:02:11.00Z',
  status: 'CANCELLED',
  status_reason: { code: 'CLIENT_CANCELLED', text: 'cancelled at the client’s request' },
  cancellation: { requested_at: '2024-01-22T15:02:11.00Z', requested_by: 'CLIENT', state: 'DONE' },
};

const securitiesValidation: JsonObject = {
  valid: true,
  findings: [],
  trade_date: '2024-01-22',
  settlement_date: '2024-01-23',
  date_adjustments: [],
  deadline: { kind: 'INCOMING_EXPIRY', date: '2024-02-12', state: 'ON_TRACK' },
  place_of_settlement: 'DAKVDEFFXXX',
};
const refusedValidation: JsonObject = {
  ...securitiesValidation,
  valid: false,
  findings: [
    {
      code: 'INSUFFICIENT_POSITION',
      field: 'quantity',
      message: '10 requested, 4 available after other transfers’ reservations',
    },
  ],
  deadline: { kind: 'TRANSFER_LIMIT', date: '2024-02-12', state: 'ON_TRACK' },
};
const accountValidation: JsonObject = {
  valid: true,
  findings: [],
  trade_date: '2025-01-22',
  settlement_date: '2025-01-23',
  date_adjustments: [],
  deadline: { kind: 'INCOMING_EXPIRY', date: '2025-02-12', state: 'ON_TRACK' },
  instruments: [
    { id: 'US0378331005', id_type: 'ISIN', quantity: '10', place_of_settlement: 'DAKVDEFFXXX', findings: [] },
    { id: 'US64110L1061', id_type: 'ISIN', quantity: '5', place_of_settlement: 'DAKVDEFFXXX', findings: [] },
  ],
};

const subscription: JsonObject = {
  id: WEBHOOK_ID,
  url: 'https://client.example/webhooks/transfers',
  event_types: ['SECURITIES_TRANSFER.SETTLED', 'SECURITIES_TRANSFER.CANCELLED', 'ACCOUNT_TRANSFER.SETTLED'],
  enabled: true,
  created_at: '2024-01-22T09:00:00.00Z',
  updated_at: '2024-01-22T09:00:00.00Z',
};

const one = (summary: string, value: Json): Examples => ({ [exampleKey(summary)]: { summary, value } });
function exampleKey(summary: string): string {
  return summary
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}
const createSecurities = {
  incoming: { summary: 'Incoming transfer', value: seed.createIncomingSecuritiesTransfer.value },
  outgoing: { summary: 'Outgoing transfer', value: seed.createOutgoingSecuritiesTransfer.value },
};
const createAccount = {
  incoming: { summary: 'Incoming account transfer', value: seed.createIncomingAccountTransfer.value },
  outgoing: { summary: 'Outgoing account transfer', value: seed.createOutgoingAccountTransfer.value },
};

export const OPERATION_EXAMPLES: Record<string, OperationExamples> = {
  token: {
    request: one('Client credentials', {
      grant_type: 'client_credentials',
      client_id: EXAMPLE_CLIENT_ID,
      client_secret: 'demo-client-secret',
      scope: 'transfers:read transfers:admin',
    }),
    response: one('Access token', {
      access_token: 'c2VjcmV0Cg==',
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'transfers:read transfers:admin',
    }),
  },
  create_securities_transfers: {
    request: createSecurities,
    response: one('Securities transfer created', created),
  },
  list_securities_transfers: {
    response: one('Securities transfers list', seed.securitiesTransfersList.value),
  },
  validate_securities_transfers: {
    request: createSecurities,
    response: {
      valid: { summary: 'Would be instructed', value: securitiesValidation },
      refused: { summary: 'Would be refused: position too small', value: refusedValidation },
    },
  },
  get_securities_transfers: {
    response: {
      new: { summary: 'New', value: created },
      settled: { summary: 'Settled', value: seed.settledSecuritiesTransfer.value },
    },
  },
  cancel_securities_transfers: { response: one('Cancelled while NEW', cancelled) },
  create_account_transfers: {
    request: createAccount,
    response: one('Account transfer created', accountTransfer),
  },
  list_account_transfers: {
    response: one('Account transfers list', {
      meta: { offset: 0, limit: 100, count: 1, total_count: 1, sort: 'created_at', order: 'ASC' },
      data: [accountTransfer],
    }),
  },
  validate_account_transfers: {
    request: createAccount,
    response: one('Would be instructed', accountValidation),
  },
  get_account_transfers: { response: one('Account transfer', accountTransfer) },
  cancel_account_transfers: {
    response: one('Cancelled while NEW', {
      ...accountTransfer,
      updated_at: '2025-01-22T15:02:11.00Z',
      status: 'CANCELLED',
      instruments: (accountTransfer.instruments as JsonObject[]).map((item) => ({
        ...item,
        status: 'CANCELLED',
      })),
    }),
  },
  list_webhooks: { response: one('Subscriptions', { data: [subscription] }) },
  create_webhook: {
    request: one('Settlements and cancellations', {
      url: String(subscription.url),
      event_types: subscription.event_types ?? [],
    }),
    response: one('Subscription created', subscription),
  },
  get_webhook: { response: one('Subscription', subscription) },
  update_webhook: {
    request: one('Pause deliveries', { enabled: false }),
    response: one('Paused subscription', {
      ...subscription,
      enabled: false,
      updated_at: '2024-01-23T08:00:00.00Z',
    }),
  },
  list_webhook_events: {
    response: one('A page of events', {
      data: [EVENT],
      next_cursor: 'ZXZ0OmI1ZDBkOWQwLWJiOGUtNDhiNC1iMmFmLTExZGYyYjUyMjM1Mw',
      has_more: false,
    }),
  },
  list_webhook_public_keys: {
    response: one('Signing keys', {
      keys: [
        {
          keyid: 'tbo-webhooks-2024-01-01-5f0c2a9e',
          alg: 'ed25519',
          pem: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
          created_at: '2024-01-01T00:00:00.000Z',
        },
      ],
    }),
  },
  list_webhook_deliveries: {
    response: one('A delivery retried after a 503', {
      data: [
        {
          webhook_id: WEBHOOK_ID,
          event_id: EVENT_ID,
          event_type: 'SECURITIES_TRANSFER.NEW',
          object_id: String(created.id),
          state: 'pending',
          attempts: 2,
          next_attempt_at: '2024-01-22T14:10:05.000Z',
          delivered_at: null,
          last_attempt_at: '2024-01-22T14:10:02.000Z',
          last_status_code: 503,
          last_error: 'HTTP 503',
        },
      ],
    }),
  },
  list_webhook_attempts: {
    response: one('Attempts, newest first', {
      data: [
        {
          id: 2,
          webhook_id: WEBHOOK_ID,
          event_ids: [EVENT_ID],
          attempted_at: '2024-01-22T14:10:02.000Z',
          status_code: 503,
          latency_ms: 41,
          error: 'HTTP 503',
        },
      ],
    }),
  },
  redeliver_webhook: {
    request: {
      event: { summary: 'One event again', value: { event_id: EVENT_ID } },
      since: { summary: 'Every failed delivery since a time', value: { since: '2024-01-22T14:00:00.00Z' } },
    },
    response: one('Rescheduled', { redelivered: 1 }),
  },
};
