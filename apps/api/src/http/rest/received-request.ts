import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { type RequestRecord, recordOf } from '../request-record.js';

/** A request as it arrived: the signature is verified against exactly these parts. */
export interface ReceivedRequest {
  method: string;
  /** Percent-encoded path as on the wire, without the query. */
  path: string;
  /** Raw query with its leading `?`, or ''. */
  query: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  requestId: string;
  now: Date;
  /** What the request log line will say: the caller is noted once authenticated. */
  record: RequestRecord;
}

export function splitTarget(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q === -1 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q) };
}

/** A header as one string (the first of repeated ones). */
export function headerOf(req: { headers: IncomingHttpHeaders }, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function receivedRequest(
  req: IncomingMessage,
  target: { path: string; query: string },
  body: Buffer,
  requestId: string,
  now: Date,
): ReceivedRequest {
  return {
    method: req.method ?? 'GET',
    ...target,
    headers: req.headers,
    body,
    requestId,
    now,
    record: recordOf(req, requestId),
  };
}
