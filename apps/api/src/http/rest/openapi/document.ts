import { ListAccountTransfersQuerySchema, ListSecuritiesTransfersQuerySchema } from '@tbo/contracts';
import { attachExamples, TAGS, tagOperations } from './attach-examples.js';
import { componentSchemas } from './components.js';
import { type Json, type JsonObject, ref } from './json-schema.js';
import { HEADERS, OAUTH_SCOPES, queryParameters } from './parameters.js';
import { problemExamples } from './problem-examples.js';
import { webhookEvents } from './webhook-events.js';
import { webhookPaths } from './webhook-paths.js';

const PROBLEM_STATUSES = {
  '400': 'Invalid request (invalid_params lists the fields)',
  '401': 'Missing or refused credentials or signature',
  '403': 'The token lacks the scope',
  '404': 'Not found',
  '405': 'Method not allowed (Allow lists the methods)',
  '406': 'The accept header excludes JSON',
  '409': 'Conflict (status does not allow it, or same idempotency-key in flight)',
  '413': 'Body larger than 1 MiB',
  '415': 'Unsupported content-type',
  '422': 'Idempotency-key reused with a different request',
  '429': 'Rate limit exceeded (see Retry-After)',
  '500': 'Unexpected error',
  '503': 'Temporarily unavailable',
} as const;

function responses(
  success: JsonObject | undefined,
  description: string,
  statuses: readonly string[],
  status: '200' | '201' | '204' = '200',
): JsonObject {
  const out: JsonObject = {
    [status]:
      success === undefined
        ? { description }
        : { description, content: { 'application/json': { schema: success } } },
  };
  for (const status of statuses) out[status] = { $ref: `#/components/responses/Problem${status}` };
  return out;
}

const READ_ERRORS = ['400', '401', '403', '404', '406', '429', '500', '503'] as const;
const WRITE_ERRORS = [
  '400',
  '401',
  '403',
  '404',
  '406',
  '409',
  '413',
  '415',
  '422',
  '429',
  '500',
  '503',
] as const;
const signed = [
  HEADERS.clientId,
  HEADERS.authorization,
  HEADERS.signature,
  HEADERS.signatureInput,
  HEADERS.signatureVersion,
  HEADERS.apiVersion,
];
const signedWrite = [...signed, HEADERS.idempotencyKey, HEADERS.contentDigest];
const webhookKit = {
  responses,
  readErrors: READ_ERRORS,
  writeErrors: WRITE_ERRORS,
  signed,
  signedWrite,
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

function transferPaths(
  base: string,
  noun: string,
  schemas: { item: string; list: string; create: string; validation: string },
  listQuery: typeof ListSecuritiesTransfersQuerySchema | typeof ListAccountTransfersQuerySchema,
): Record<string, JsonObject> {
  const security = (scope: string): Json => [{ oauth: [scope] }];
  return {
    [base]: {
      get: {
        summary: `List ${noun}s`,
        operationId: `list_${base.slice(1)}`,
        security: security('transfers:read'),
        parameters: [...queryParameters(listQuery), ...signed],
        responses: responses(ref(schemas.list), `${noun}s, with meta`, [...READ_ERRORS]),
      },
      post: {
        summary: `Create ${noun}`,
        operationId: `create_${base.slice(1)}`,
        security: security('transfers:admin'),
        parameters: signedWrite,
        requestBody: { required: true, content: { 'application/json': { schema: ref(schemas.create) } } },
        responses: responses(ref(schemas.item), `${noun} created`, [...WRITE_ERRORS]),
      },
    },
    [`${base}/validate`]: {
      post: {
        summary: `Validate a ${noun} request`,
        description:
          'Takes the create body and answers, without creating anything, what the asynchronous checks would decide today: each finding with the code a refused transfer’s status_reason would carry (ACCOUNT_INACTIVE, INSTRUMENT_NOT_ENABLED, FRACTIONAL_QUANTITY, INSUFFICIENT_POSITION – units available after other transfers’ reservations), and the dates, deadline and place of settlement the service would use. A request create refuses synchronously is refused the same way. No idempotency-key.',
        operationId: `validate_${base.slice(1)}`,
        security: security('transfers:admin'),
        parameters: [...signed, HEADERS.contentDigest],
        requestBody: { required: true, content: { 'application/json': { schema: ref(schemas.create) } } },
        responses: responses(ref(schemas.validation), 'what the checks would decide', [
          '400',
          '401',
          '403',
          '406',
          '413',
          '415',
          '422',
          '429',
          '500',
          '503',
        ]),
      },
    },
    [`${base}/{id}`]: {
      get: {
        summary: `Get ${noun}`,
        operationId: `get_${base.slice(1)}`,
        security: security('transfers:read'),
        parameters: [idParam, ...signed],
        responses: responses(ref(schemas.item), noun, [...READ_ERRORS]),
      },
    },
    [`${base}/{id}/cancel`]: {
      post: {
        summary: `Cancel ${noun}`,
        description:
          'NEW: cancelled at once. PROCESSING: cancellation requested at the custodian (`cancellation.state` REQUESTED, then DONE or DENIED, each change a DATA_CHANGED event). Final: 409.',
        operationId: `cancel_${base.slice(1)}`,
        security: security('transfers:admin'),
        parameters: [idParam, ...signedWrite],
        responses: responses(ref(schemas.item), `${noun} after the cancellation`, [...WRITE_ERRORS]),
      },
    },
  };
}

function problemResponses(): JsonObject {
  const out: JsonObject = {};
  for (const [status, description] of Object.entries(PROBLEM_STATUSES)) {
    out[`Problem${status}`] = {
      description,
      headers: { 'x-request-id': { schema: { type: 'string' }, description: 'Equals request_id' } },
      content: { 'application/problem+json': { schema: ref('Problem'), examples: problemExamples(status) } },
    };
  }
  return out;
}

/** The OpenAPI 3.1 document of the client API, generated from the contracts schemas. */
export function buildOpenApiDocument(): JsonObject {
  const paths: Record<string, JsonObject> = {
    '/auth/token': {
      post: {
        summary: 'Get an access token (OAuth 2.0 client credentials)',
        operationId: 'token',
        description:
          'Signed like every request, without authorization. A scope the client is not configured for is a 401.',
        parameters: [
          HEADERS.clientId,
          HEADERS.signature,
          HEADERS.signatureInput,
          HEADERS.signatureVersion,
          HEADERS.contentDigest,
        ],
        requestBody: {
          required: true,
          content: { 'application/x-www-form-urlencoded': { schema: ref('TokenRequest') } },
        },
        responses: responses(ref('TokenResponse'), 'an access token', [
          '400',
          '401',
          '406',
          '415',
          '429',
          '500',
        ]),
      },
    },
    ...transferPaths(
      '/securities_transfers',
      'securities transfer',
      {
        item: 'SecuritiesTransfer',
        list: 'ListSecuritiesTransfersResponse',
        create: 'CreateSecuritiesTransferRequest',
        validation: 'SecuritiesTransferValidation',
      },
      ListSecuritiesTransfersQuerySchema,
    ),
    ...transferPaths(
      '/account_transfers',
      'account transfer',
      {
        item: 'AccountTransfer',
        list: 'ListAccountTransfersResponse',
        create: 'CreateAccountTransferRequest',
        validation: 'AccountTransferValidation',
      },
      ListAccountTransfersQuerySchema,
    ),
    ...webhookPaths(webhookKit),
  };
  tagOperations(paths);
  attachExamples(paths);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Transfers API',
      version: '1',
      description:
        'Securities and account transfers (Upvest-compatible) and webhook subscriptions. Every request but GET /webhooks/public_keys is authenticated with an OAuth 2.0 client-credentials token and signed with HTTP Message Signatures (draft 15).',
    },
    servers: [{ url: '/' }],
    tags: TAGS,
    paths,
    webhooks: webhookEvents(),
    components: {
      securitySchemes: {
        oauth: {
          type: 'oauth2',
          flows: { clientCredentials: { tokenUrl: '/auth/token', scopes: OAUTH_SCOPES } },
        },
      },
      schemas: componentSchemas(),
      responses: problemResponses(),
    },
  };
}
