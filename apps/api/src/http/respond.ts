import type { ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from '@tbo/contracts';
import type { AppError } from '../domain/errors.js';
import { toProblem } from '../domain/problem.js';

export const REQUEST_ID_HEADER = 'x-request-id';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Every error leaves as problem+json carrying the request id it was logged under. */
export function sendProblem(
  res: ServerResponse,
  error: AppError,
  requestId: string,
  instance?: string,
): void {
  const text = JSON.stringify(toProblem(error, requestId, instance));
  if (error.headers) for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.writeHead(error.status, {
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Sends already-serialized JSON as is (replays must repeat the exact bytes). */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
