import {
  type CreateAccountTransferRequest,
  type CreateSecuritiesTransferRequest,
  ListAccountTransfersQuerySchema,
  ListSecuritiesTransfersQuerySchema,
  type Scope,
} from '@tbo/contracts';
import type { createCaller } from '../../router.js';
import type { Resource, RouteKind } from './routes.js';

type Caller = ReturnType<typeof createCaller>;

export interface TransferEndpoint {
  /** The tRPC procedure it calls (also the idempotency operation name). */
  procedure: string;
  scope: Scope;
  /** What it reads from the request: the JSON body, the query string, or the id in the path. */
  input: 'body' | 'query' | 'id';
  /** Calls the same procedure the tRPC router serves; its input schema validates `input`. */
  call(caller: Caller, input: unknown): Promise<unknown>;
}

type EndpointKey = `${'GET' | 'POST'} ${RouteKind}`;

// Bodies are handed over as parsed JSON: the procedure's input schema is the
// one validation (a cast here, not a second parse). Query strings are parsed
// with the contracts' list schemas first so that text becomes typed values.
const ENDPOINTS: Record<Resource, Partial<Record<EndpointKey, TransferEndpoint>>> = {
  securities_transfers: {
    'POST collection': {
      procedure: 'securitiesTransfers.create',
      scope: 'transfers:admin',
      input: 'body',
      call: (c, body) => c.securitiesTransfers.create(body as CreateSecuritiesTransferRequest),
    },
    'GET collection': {
      procedure: 'securitiesTransfers.list',
      scope: 'transfers:read',
      input: 'query',
      call: (c, query) => c.securitiesTransfers.list(ListSecuritiesTransfersQuerySchema.parse(query)),
    },
    'GET item': {
      procedure: 'securitiesTransfers.get',
      scope: 'transfers:read',
      input: 'id',
      call: (c, id) => c.securitiesTransfers.get({ id: id as string }),
    },
    'POST cancel': {
      procedure: 'securitiesTransfers.cancel',
      scope: 'transfers:admin',
      input: 'id',
      call: (c, id) => c.securitiesTransfers.cancel({ id: id as string }),
    },
  },
  account_transfers: {
    'POST collection': {
      procedure: 'accountTransfers.create',
      scope: 'transfers:admin',
      input: 'body',
      call: (c, body) => c.accountTransfers.create(body as CreateAccountTransferRequest),
    },
    'GET collection': {
      procedure: 'accountTransfers.list',
      scope: 'transfers:read',
      input: 'query',
      call: (c, query) => c.accountTransfers.list(ListAccountTransfersQuerySchema.parse(query)),
    },
    'GET item': {
      procedure: 'accountTransfers.get',
      scope: 'transfers:read',
      input: 'id',
      call: (c, id) => c.accountTransfers.get({ id: id as string }),
    },
    'POST cancel': {
      procedure: 'accountTransfers.cancel',
      scope: 'transfers:admin',
      input: 'id',
      call: (c, id) => c.accountTransfers.cancel({ id: id as string }),
    },
  },
};

export function transferEndpoint(
  resource: Resource,
  method: string,
  kind: RouteKind,
): TransferEndpoint | undefined {
  return ENDPOINTS[resource][`${method} ${kind}` as EndpointKey];
}
