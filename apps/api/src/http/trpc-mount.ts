import type { IncomingMessage, ServerResponse } from 'node:http';
import { UuidSchema } from '@tbo/contracts';
import { getTRPCErrorFromUnknown, getTRPCErrorShape, type TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { createContextInner } from '../context.js';
import { AppError } from '../domain/errors.js';
import { appRouter, PROCEDURE_PATHS } from '../router.js';
import { typedError } from '../trpc.js';
import { type AuthConfig, resolveTrpcCaller } from './auth-context.js';
import type { Mount } from './mount.js';
import { readBody } from './read-body.js';
import { noteFailure } from './request-record.js';
import type { Edge } from './rest/edge-config.js';
import { receivedRequest, splitTarget } from './rest/received-request.js';
import { answerTrpcCall } from './trpc-node-adapter.js';

const BASE = '/trpc/';

/** The status a tRPC error is answered with (the error formatter's mapping, trpc.ts). */
function statusOf(error: TRPCError): number {
  return error.cause instanceof AppError ? error.cause.status : getHTTPStatusCodeFromError(error);
}

/**
 * How many of the request's procedures (one, or a comma-separated batch) may
 * write: over HTTP only a POST calls mutations (tRPC refuses a batch that mixes
 * in a query), and a path that names no procedure calls nothing.
 */
function mutationsIn(method: string | undefined, path: string): number {
  if (method !== 'POST') return 0;
  return decodeURIComponent(path.slice(BASE.length))
    .split(',')
    .filter((name) => PROCEDURE_PATHS.has(name)).length;
}

/** An error before tRPC has the call (unreadable path or body), in tRPC's own response shape. */
function writeTrpcError(res: ServerResponse, cause: unknown): void {
  const error = getTRPCErrorFromUnknown(cause);
  const shape = getTRPCErrorShape({
    config: appRouter._def._config,
    error,
    type: 'unknown',
    path: undefined,
    input: undefined,
    ctx: undefined,
  });
  const status = (shape.data as { httpStatus?: number }).httpStatus ?? 500;
  const text = JSON.stringify({ error: shape });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A UUID key in lower case (the same UUID in any case is the same key); any other key as sent. */
function sameKeyInAnyCase(key: string | string[] | undefined): string | string[] | undefined {
  if (typeof key !== 'string') return key;
  const parsed = UuidSchema.safeParse(key);
  return parsed.success ? parsed.data : key;
}

/** A procedure path that is not valid percent-encoding (UTF-8) is the client's error, not a 500. */
function requireDecodablePath(url: string): void {
  const queryAt = url.indexOf('?');
  try {
    decodeURIComponent(url.slice(BASE.length, queryAt === -1 ? undefined : queryAt));
  } catch {
    throw new AppError('BAD_REQUEST', 'the procedure path is not valid percent-encoding');
  }
}

/**
 * /trpc: the body is read once, bounded like the REST edge's, so that a
 * tenant's request signature and digest are checked on the bytes received;
 * then the caller is resolved and tRPC runs the call (`answerTrpcCall`, on
 * tRPC's public adapter interface).
 */
export function createTrpcMount(edge: Edge, auth: AuthConfig): Mount {
  return async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    if (!req.url?.startsWith(BASE)) return false;
    let body: Buffer;
    try {
      requireDecodablePath(req.url);
      body = await readBody(req, edge.config.maxBodyBytes);
    } catch (error) {
      writeTrpcError(res, typedError(error));
      return true;
    }
    const target = splitTarget(req.url);
    const request = receivedRequest(req, target, body, requestId, edge.clock.now());
    const caller = await resolveTrpcCaller(edge, auth, req, request, mutationsIn(req.method, target.path));
    request.record.actor = caller.actor;
    const idempotencyKey = sameKeyInAnyCase(request.headers['idempotency-key']);
    const ctx = createContextInner({
      db: edge.db,
      writes: edge.writes,
      clock: edge.clock,
      actor: caller.actor,
      config: edge.service,
      requestId,
      ...(typeof idempotencyKey === 'string' ? { idempotencyKey } : {}),
      ...(caller.authError !== undefined ? { authError: caller.authError } : {}),
      ...(caller.admitCall !== undefined ? { admitCall: caller.admitCall } : {}),
      // A streamed (jsonl) answer has sent its headers before its calls finish: a late header is dropped.
      setHeader: (name, value) => {
        if (!res.headersSent) res.setHeader(name, value);
      },
    });
    // A POST sent without a content type is what a JSON client means by it: JSON.
    if (req.method === 'POST' && req.headers['content-type'] === undefined) {
      req.headers['content-type'] = 'application/json';
    }
    try {
      await answerTrpcCall({
        router: appRouter,
        req,
        res,
        body: body.toString('utf8'),
        basePath: BASE,
        context: ctx,
        // The call's errors reach the request log line here.
        onError: ({ error }) => {
          if (statusOf(error) >= 500) noteFailure(request.record, error);
        },
      });
    } catch (error) {
      // tRPC answers a procedure's errors itself; this is a failure around it.
      noteFailure(request.record, error);
      if (res.headersSent) {
        res.end();
      } else {
        // The answer's own headers (chunked, vary…) must not reach the error.
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        writeTrpcError(res, error);
      }
    }
    return true;
  };
}
