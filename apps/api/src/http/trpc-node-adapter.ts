import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyTRPCRouter } from '@trpc/server';
import { type HTTPErrorHandler, resolveResponse } from '@trpc/server/http';

export interface TrpcCall<TRouter extends AnyTRPCRouter, TContext> {
  router: TRouter;
  req: IncomingMessage;
  res: ServerResponse;
  /** The request body, read (and bounded) by the mount before the call. */
  body: string;
  /** Where the procedure paths begin, e.g. `/trpc/`. */
  basePath: string;
  context: TContext;
  onError: HTTPErrorHandler<TRouter, Request>;
}

function fetchHeaders(incoming: IncomingMessage['headers']): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.append(name, value);
  }
  return headers;
}

/** jsonl batches and event streams are answered piece by piece; every other answer is one JSON document. */
function isStreamed(response: Response): boolean {
  return (
    response.headers.get('transfer-encoding') === 'chunked' ||
    response.headers.get('content-type')?.startsWith('text/event-stream') === true
  );
}

/** Resolves when the socket takes more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/**
 * Answers one /trpc request through tRPC's public adapter interface,
 * `resolveResponse` from `@trpc/server/http` (the one tRPC's own adapters
 * are built on): tRPC parses the call, runs the procedures and formats the
 * answer. Our part is only the Node side: the body is already read, so the
 * Fetch request carries it as text, and a plain JSON answer is written in
 * one piece instead of through a web stream.
 */
export async function answerTrpcCall<TRouter extends AnyTRPCRouter, TContext>(
  call: TrpcCall<TRouter, TContext>,
): Promise<void> {
  const { req, res } = call;
  // A client that goes away aborts the call's signal (long streams stop).
  const disconnected = new AbortController();
  res.once('close', () => {
    if (!res.writableEnded) disconnected.abort();
  });
  const method = req.method ?? 'GET';
  // tRPC reads only the path and query of the URL; the Host header plays no part.
  const url = new URL(req.url ?? '/', 'http://localhost');
  const request = new Request(url, {
    method,
    headers: fetchHeaders(req.headers),
    signal: disconnected.signal,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: call.body }),
  });
  const response = await resolveResponse({
    router: call.router,
    req: request,
    path: url.pathname.slice(call.basePath.length),
    error: null,
    createContext: async () => call.context,
    onError: call.onError,
  });
  res.statusCode = response.status;
  for (const [name, value] of response.headers) if (name !== 'set-cookie') res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (response.body === null) {
    res.end();
  } else if (isStreamed(response)) {
    const reader = response.body.getReader();
    // A client gone stops the stream at once, not when its next piece is ready.
    const stop = () => void reader.cancel();
    res.once('close', stop);
    try {
      for (let next = await reader.read(); !next.done && !res.destroyed; next = await reader.read()) {
        if (!res.write(next.value)) await drained(res);
      }
    } finally {
      res.off('close', stop);
    }
    res.end();
  } else {
    res.end(Buffer.from(await response.arrayBuffer()));
  }
}
