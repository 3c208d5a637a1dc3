import { ListAccountTransfersQuerySchema, ListSecuritiesTransfersQuerySchema } from '@tbo/contracts';
import { AppError, invalidField } from '../../domain/errors.js';
import { noQuery } from './client-request.js';
import { parseJsonBody, singleValued } from './parse-body.js';
import { type Caller, pathParam, procedureRoute, type RestRoute, type Unparsed } from './procedure-route.js';
import { headerOf, type ReceivedRequest } from './received-request.js';
import { tokenEndpoint } from './token-endpoint.js';

/** A JSON body, with no query string. */
function jsonBody(request: ReceivedRequest): unknown {
  noQuery(request);
  return parseJsonBody(request.body, headerOf(request, 'content-type'));
}

/** Cancel takes no body; an empty JSON object is tolerated. */
function noBodyFields(request: ReceivedRequest): void {
  if (request.body.length === 0) return;
  const body = parseJsonBody(request.body, headerOf(request, 'content-type'));
  if (body === null || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length > 0) {
    throw new AppError('BAD_REQUEST', `${request.method} ${request.path} takes no request body`);
  }
}

/** Only the named query parameters, each at most once (400 otherwise). */
function queryOf(request: ReceivedRequest, pattern: string, names: readonly string[]): URLSearchParams {
  const params = new URLSearchParams(request.query);
  singleValued(params, 'query parameter');
  for (const name of params.keys()) {
    if (!names.includes(name)) {
      throw invalidField(name.slice(0, 50), `is not a query parameter of ${request.method} ${pattern}`);
    }
  }
  return params;
}

function optionalInt(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  if (!/^\d{1,9}$/.test(text)) throw invalidField(name, 'must be a positive integer');
  return Number(text);
}
const optional = (query: URLSearchParams, name: string) => query.get(name) ?? undefined;
const asObject = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/** The five endpoints of a transfer kind (securities or account), as the API reference names them. */
function transferRoutes(
  base: '/securities_transfers' | '/account_transfers',
  operations: (caller: Caller) => Caller['securitiesTransfers'] | Caller['accountTransfers'],
): RestRoute[] {
  const kind = base.slice(1);
  // Query strings are parsed with the contracts' list schemas first, so that text becomes typed values.
  const listQuery =
    base === '/securities_transfers' ? ListSecuritiesTransfersQuerySchema : ListAccountTransfersQuerySchema;
  const id = (request: ReceivedRequest, params: Record<string, string>) => {
    noQuery(request);
    if (request.method === 'POST') noBodyFields(request);
    return { id: pathParam(params, 'id') };
  };
  return [
    procedureRoute({
      method: 'GET',
      pattern: base,
      operationId: `list_${kind}`,
      scope: 'transfers:read',
      input: (request) =>
        listQuery.parse(singleValued(new URLSearchParams(request.query), 'query parameter')),
      call: (caller, input: Unparsed) => operations(caller).list(input),
    }),
    procedureRoute({
      method: 'POST',
      pattern: base,
      operationId: `create_${kind}`,
      scope: 'transfers:admin',
      nonceWithWrite: true,
      input: jsonBody,
      call: (caller, input: Unparsed) => operations(caller).create(input),
    }),
    // `validate` is no transfer id (ids are UUIDs): matched before `{id}`.
    procedureRoute({
      method: 'POST',
      pattern: `${base}/validate`,
      operationId: `validate_${kind}`,
      scope: 'transfers:admin',
      withoutIdempotencyKey: true,
      input: jsonBody,
      call: (caller, input: Unparsed) => operations(caller).validate(input),
    }),
    procedureRoute({
      method: 'GET',
      pattern: `${base}/{id}`,
      operationId: `get_${kind}`,
      scope: 'transfers:read',
      input: id,
      call: (caller, input: Unparsed) => operations(caller).get(input),
    }),
    procedureRoute({
      method: 'POST',
      pattern: `${base}/{id}/cancel`,
      operationId: `cancel_${kind}`,
      scope: 'transfers:admin',
      nonceWithWrite: true,
      input: id,
      call: (caller, input: Unparsed) => operations(caller).cancel(input),
    }),
  ];
}

/** The webhooks API; static paths come before `/webhooks/{id}`: the first match wins. */
const webhookRoutes: RestRoute[] = [
  procedureRoute({
    method: 'GET',
    pattern: '/webhooks/public_keys',
    operationId: 'list_webhook_public_keys',
    scope: null,
    input: (request) => noQuery(request),
    call: (caller) => caller.webhooks.publicKeys(),
  }),
  procedureRoute({
    method: 'GET',
    pattern: '/webhooks/events',
    operationId: 'list_webhook_events',
    scope: 'webhooks:read',
    input: (request) => {
      const query = queryOf(request, '/webhooks/events', ['since', 'limit', 'webhook_id']);
      return {
        since: optional(query, 'since'),
        limit: optionalInt(query, 'limit'),
        webhook_id: optional(query, 'webhook_id'),
      };
    },
    call: (caller, input: Unparsed) => caller.webhooks.events(input),
  }),
  procedureRoute({
    method: 'POST',
    pattern: '/webhooks',
    operationId: 'create_webhook',
    scope: 'webhooks:admin',
    status: 201,
    input: jsonBody,
    call: (caller, input: Unparsed) => caller.webhooks.create(input),
  }),
  procedureRoute({
    method: 'GET',
    pattern: '/webhooks',
    operationId: 'list_webhooks',
    scope: 'webhooks:read',
    input: (request) => noQuery(request),
    call: (caller) => caller.webhooks.list(),
  }),
  procedureRoute({
    method: 'GET',
    pattern: '/webhooks/{id}',
    operationId: 'get_webhook',
    scope: 'webhooks:read',
    input: (request, params) => {
      noQuery(request);
      return { id: pathParam(params, 'id') };
    },
    call: (caller, input: Unparsed) => caller.webhooks.get(input),
  }),
  procedureRoute({
    method: 'PATCH',
    pattern: '/webhooks/{id}',
    operationId: 'update_webhook',
    scope: 'webhooks:admin',
    input: (request, params) => ({ ...asObject(jsonBody(request)), id: pathParam(params, 'id') }),
    call: (caller, input: Unparsed) => caller.webhooks.update(input),
  }),
  procedureRoute({
    method: 'DELETE',
    pattern: '/webhooks/{id}',
    operationId: 'delete_webhook',
    scope: 'webhooks:admin',
    status: 204,
    input: (request, params) => {
      noQuery(request);
      return { id: pathParam(params, 'id') };
    },
    call: (caller, input: Unparsed) => caller.webhooks.delete(input),
  }),
  procedureRoute({
    method: 'GET',
    pattern: '/webhooks/{id}/deliveries',
    operationId: 'list_webhook_deliveries',
    scope: 'webhooks:read',
    input: (request, params) => {
      const query = queryOf(request, '/webhooks/{id}/deliveries', [
        'event_id',
        'object_id',
        'state',
        'limit',
      ]);
      return {
        id: pathParam(params, 'id'),
        event_id: optional(query, 'event_id'),
        object_id: optional(query, 'object_id'),
        state: optional(query, 'state'),
        limit: optionalInt(query, 'limit'),
      };
    },
    call: (caller, input: Unparsed) => caller.webhooks.deliveries(input),
  }),
  procedureRoute({
    method: 'GET',
    pattern: '/webhooks/{id}/attempts',
    operationId: 'list_webhook_attempts',
    scope: 'webhooks:read',
    input: (request, params) => {
      const query = queryOf(request, '/webhooks/{id}/attempts', ['event_id', 'object_id', 'limit']);
      return {
        id: pathParam(params, 'id'),
        event_id: optional(query, 'event_id'),
        object_id: optional(query, 'object_id'),
        limit: optionalInt(query, 'limit'),
      };
    },
    call: (caller, input: Unparsed) => caller.webhooks.attempts(input),
  }),
  procedureRoute({
    method: 'POST',
    pattern: '/webhooks/{id}/redeliver',
    operationId: 'redeliver_webhook',
    scope: 'webhooks:admin',
    input: (request, params) => ({ ...asObject(jsonBody(request)), id: pathParam(params, 'id') }),
    // One path, two operations: every failed delivery since an instant, or one event again.
    call: (caller, input: Unparsed) => {
      const { id, since, event_id } = input as { id: string; since?: unknown; event_id?: unknown };
      return since !== undefined
        ? caller.webhooks.redeliverFailed({ id, since: String(since) })
        : caller.webhooks.redeliver({ id, event_id: String(event_id ?? '') });
    },
  }),
];

const tokenRoute: RestRoute = {
  method: 'POST',
  pattern: '/auth/token',
  operationId: 'token',
  handle: async (edge, request) => ({ status: 200, ...(await tokenEndpoint(edge, request)) }),
};

/**
 * Every path and method of the client REST edge, in match order: what the
 * edge dispatches, what the OpenAPI document and docs/api.md list (checked
 * by rest-route-table.test.ts).
 */
export const REST_ROUTES: readonly RestRoute[] = [
  tokenRoute,
  ...transferRoutes('/securities_transfers', (caller) => caller.securitiesTransfers),
  ...transferRoutes('/account_transfers', (caller) => caller.accountTransfers),
  ...webhookRoutes,
];
