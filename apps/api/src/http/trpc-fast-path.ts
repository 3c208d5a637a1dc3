import type { IncomingMessage, ServerResponse } from 'node:http';
import { getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError } from '@trpc/server';
import type { Context } from '../context.js';
import { AppError } from '../domain/errors.js';
import { appRouter } from '../router.js';
import { invokeProcedure, type ProcedureType, procedureTypeAt } from './invoke-procedure.js';
import { readBody } from './read-body.js';

const MAX_BODY_BYTES = 1024 * 1024;
const BASE = '/trpc/';

/**
 * Serves single (unbatched) tRPC query and mutation calls straight from
 * node:http, speaking the same wire format as tRPC's HTTP adapter: the
 * adapter turns every request into a Fetch Request and back, which costs more
 * CPU than most procedures. Anything else – batches, unknown paths, the wrong
 * method, non-JSON bodies – is declined and goes to the standard adapter.
 */
export function createTrpcFastPath(createContext: (req: IncomingMessage, res: ServerResponse) => Context) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
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
    void answer(req, res, path, expected, search, createContext);
    return true;
  };
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  type: ProcedureType,
  search: URLSearchParams,
  createContext: (req: IncomingMessage, res: ServerResponse) => Context,
): Promise<void> {
  let input: unknown;
  let ctx: Context | undefined;
  try {
    input = type === 'mutation' ? await readJsonBody(req) : parseJsonInput(search.get('input'));
    ctx = createContext(req, res);
    const data = await invokeProcedure(path, type, ctx, input);
    write(res, 200, { result: { data } });
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    const shape = getTRPCErrorShape({ config: appRouter._def._config, error, type, path, input, ctx });
    const status = (shape.data as { httpStatus?: number }).httpStatus ?? 500;
    write(res, status, { error: shape });
  }
}

function parseJsonInput(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TRPCError({ code: 'PARSE_ERROR', message: 'the input is not valid JSON', cause });
  }
}

/** Read by the REST edge's reader: stream listeners cost less per request than an async iterator, and an oversized body is drained so the connection stays usable. */
async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  let body: Buffer;
  try {
    body = await readBody(req, MAX_BODY_BYTES);
  } catch (cause) {
    if (cause instanceof AppError && cause.code === 'PAYLOAD_TOO_LARGE') {
      throw new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: 'the body is larger than 1 MiB', cause });
    }
    throw cause;
  }
  if (body.length === 0) return undefined;
  return parseJsonInput(body.toString('utf8'));
}

function write(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
