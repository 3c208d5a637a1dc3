import {
  ListAccountTransfersQuerySchema,
  ListSecuritiesTransfersQuerySchema,
  type Scope,
} from '@tbo/contracts';
import type { ProcedureType } from '../invoke-procedure.js';
import type { Resource, RouteKind } from './routes.js';

export interface TransferEndpoint {
  /** The tRPC procedure it calls (also the idempotency operation name). */
  procedure: string;
  type: ProcedureType;
  scope: Scope;
  /** What it reads from the request: the JSON body, the query string, or the id in the path. */
  input: 'body' | 'query' | 'id';
  /** A POST that writes nothing (validate): no idempotency-key, its nonce recorded before it runs. */
  readOnly?: true;
}

type EndpointKey = `${'GET' | 'POST'} ${RouteKind}`;

const endpointsOf = (prefix: 'securitiesTransfers' | 'accountTransfers') =>
  ({
    'POST collection': {
      procedure: `${prefix}.create`,
      type: 'mutation',
      scope: 'transfers:admin',
      input: 'body',
    },
    'GET collection': { procedure: `${prefix}.list`, type: 'query', scope: 'transfers:read', input: 'query' },
    'GET item': { procedure: `${prefix}.get`, type: 'query', scope: 'transfers:read', input: 'id' },
    'POST validate': {
      procedure: `${prefix}.validate`,
      type: 'query',
      scope: 'transfers:admin',
      input: 'body',
      readOnly: true,
    },
    'POST cancel': { procedure: `${prefix}.cancel`, type: 'mutation', scope: 'transfers:admin', input: 'id' },
  }) satisfies Partial<Record<EndpointKey, TransferEndpoint>>;

const ENDPOINTS: Record<Resource, Partial<Record<EndpointKey, TransferEndpoint>>> = {
  securities_transfers: endpointsOf('securitiesTransfers'),
  account_transfers: endpointsOf('accountTransfers'),
};

// Query strings are parsed with the contracts' list schemas first so that
// text becomes typed values; bodies go to the procedure as parsed JSON, its
// input schema being the one validation.
const LIST_QUERY_SCHEMAS = {
  securities_transfers: ListSecuritiesTransfersQuerySchema,
  account_transfers: ListAccountTransfersQuerySchema,
} as const;

export function listQueryOf(resource: Resource, query: Record<string, string>): unknown {
  return LIST_QUERY_SCHEMAS[resource].parse(query);
}

export function transferEndpoint(
  resource: Resource,
  method: string,
  kind: RouteKind,
): TransferEndpoint | undefined {
  return ENDPOINTS[resource][`${method} ${kind}` as EndpointKey];
}
