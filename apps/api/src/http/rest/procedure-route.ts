import type { Scope } from '@tbo/contracts';
import type { Actor } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { createCaller } from '../../router.js';
import { authorizeClientRequest, refuseBodyOnRead, restContext } from './client-request.js';
import type { Edge } from './edge-config.js';
import type { ReceivedRequest } from './received-request.js';
import type { PathPattern } from './route-match.js';
import { withDeferredNonce } from './verify-signature.js';

export type Caller = ReturnType<typeof createCaller>;

export interface RestAnswer {
  status: number;
  /** JSON text; absent for 204. */
  text: string | undefined;
  headers: Record<string, string>;
}

/** One client path and method: how the edge authorizes it and what it answers with. */
export interface RestRoute extends PathPattern {
  /** The operation's name in the OpenAPI document. */
  operationId: string;
  handle(edge: Edge, request: ReceivedRequest, params: Record<string, string>): Promise<RestAnswer>;
}

/** The client's JSON as received: the procedure's input schema is its one validation. */
export type Unparsed = never;

export interface ProcedureRouteSpec extends PathPattern {
  operationId: string;
  /** What the edge must authenticate for; `null`: public, no credentials, no signature, no body. */
  scope: Scope | null;
  /** The signature's nonce is recorded in the write's own transaction (a signed create commits once). */
  nonceWithWrite?: true;
  /** A POST that writes nothing (validate) neither needs nor uses an idempotency-key. */
  withoutIdempotencyKey?: true;
  status?: 200 | 201 | 204;
  /** The procedure's input from the path, query and body; refuses what the route does not take (400). */
  input(request: ReceivedRequest, params: Record<string, string>): unknown;
  call(caller: Caller, input: Unparsed): Promise<unknown>;
}

/**
 * A route that runs a tRPC procedure through tRPC's own caller: the shared
 * checks first (`authorizeClientRequest`: token, signature, scope, rate
 * limit, idempotency-key), then the route's input, then the procedure with
 * all its middlewares and validation – the same as a typed client's call.
 */
export function procedureRoute(spec: ProcedureRouteSpec): RestRoute {
  return {
    method: spec.method,
    pattern: spec.pattern,
    operationId: spec.operationId,
    async handle(edge, request, params) {
      let actor: Actor = { kind: 'anonymous' };
      let idempotencyKey: string | undefined;
      let nonce: Awaited<ReturnType<typeof authorizeClientRequest>>['nonce'];
      if (spec.scope === null) refuseBodyOnRead(request);
      else {
        ({ actor, idempotencyKey, nonce } = await authorizeClientRequest(edge, request, spec.scope, {
          deferNonce: spec.nonceWithWrite === true,
          idempotencyKey: spec.withoutIdempotencyKey !== true,
        }));
      }
      return withDeferredNonce(edge.writes, nonce, async () => {
        const input = spec.input(request, params);
        const headers: Record<string, string> = {};
        const ctx = restContext(edge, request, actor, idempotencyKey, headers, nonce);
        const result = await spec.call(createCaller(ctx), input as Unparsed);
        const status = spec.status ?? 200;
        return { status, text: status === 204 ? undefined : JSON.stringify(result), headers };
      });
    },
  };
}

/** A path segment as received, decoded (400 when it is not valid percent-encoding). */
export function pathParam(params: Record<string, string>, name: string): string {
  try {
    return decodeURIComponent(params[name] ?? '');
  } catch {
    throw new AppError('BAD_REQUEST', `the ${name} in the path is not valid percent-encoding`);
  }
}
