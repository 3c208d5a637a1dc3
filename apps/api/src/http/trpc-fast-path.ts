import type { IncomingMessage, ServerResponse } from 'node:http';
import { getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError } from '@trpc/server';
import type { Context } from '../context.js';
import { appRouter } from '../router.js';
import { invokeProcedure, type ProcedureType, procedureTypeAt } from './invoke-procedure.js';
import { noteFailure, recordOf } from './request-record.js';

const BASE = '/trpc/';

/**
 * Serves single (unbatched) tRPC query and mutation calls straight from
 * node:http, speaking the same wire format as tRPC's HTTP adapter: the
 * adapter turns every request into a Fetch Request and back, which costs more
 * CPU than most procedures. Anything else – batches, unknown paths, the wrong
 * method, non-JSON bodies – is declined and goes to the standard adapter.
 * The body was read (and bounded) by the mount.
 */
export function serveTrpcDirectly(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: Context,
  body: Buffer,
): boolean {
  const url = req.url ?? '';
  const queryAt = url.indexOf('?');
  const path = decodeURIComponent(url.slice(BASE.length, queryAt === -1 ? undefined : queryAt));
  const search = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
  if (search.has('batch')) return false;
  const type = procedureTypeAt(path);
  const expected: ProcedureType | undefined =
    req.method === 'POST' ? 'mutation' : req.method === 'GET' ? 'query' : undefined;
  if (type !== expected || expected === undefined) return false;
  if (expected === 'mutation') {
    const contentType = req.headers['content-type'];
    if (contentType !== undefined && !contentType.startsWith('application/json')) return false;
  }
  void answer(res, path, expected, search, ctx, body);
  return true;
}

async function answer(
  res: ServerResponse,
  path: string,
  type: ProcedureType,
  search: URLSearchParams,
  ctx: Context,
  body: Buffer,
): Promise<void> {
  let input: unknown;
  try {
    input =
      type === 'mutation'
        ? body.length === 0
          ? undefined
          : parseJsonInput(body.toString('utf8'))
        : parseJsonInput(search.get('input'));
    const data = await invokeProcedure(path, type, ctx, input);
    write(res, 200, { result: { data } });
  } catch (cause) {
    writeTrpcError(res, cause, { type, path, input, ctx });
  }
}

/** An error in tRPC's own response shape (single call), with its HTTP status. */
export function writeTrpcError(
  res: ServerResponse,
  cause: unknown,
  call: {
    type: ProcedureType | 'unknown';
    path: string | undefined;
    input: unknown;
    ctx: Context | undefined;
  },
): void {
  const error = getTRPCErrorFromUnknown(cause);
  const shape = getTRPCErrorShape({ config: appRouter._def._config, error, ...call });
  const status = (shape.data as { httpStatus?: number }).httpStatus ?? 500;
  // Internals never leave the process, so the request log line is where a 5xx's cause is told.
  if (status >= 500) noteFailure(recordOf(res.req, call.ctx?.requestId), error);
  write(res, status, { error: shape });
}

function parseJsonInput(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TRPCError({ code: 'PARSE_ERROR', message: 'the input is not valid JSON', cause });
  }
}

function write(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
