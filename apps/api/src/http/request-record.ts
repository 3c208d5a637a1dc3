import type { IncomingMessage } from 'node:http';
import type { Actor } from '../context.js';

/**
 * What the request log line and the metrics say about one request, filled in
 * by whichever part learns it: who called (once authenticated) and, for a
 * 5xx, what went wrong.
 */
export interface RequestRecord {
  requestId: string;
  /** process.hrtime.bigint() when the request arrived. */
  startedAt: bigint;
  actor: Actor | undefined;
  /** The error behind a 5xx answer; logged with its stack, never sent. */
  failure: unknown;
}

const records = new WeakMap<IncomingMessage, RequestRecord>();

export function beginRecord(req: IncomingMessage, requestId: string): RequestRecord {
  const record: RequestRecord = {
    requestId,
    startedAt: process.hrtime.bigint(),
    actor: undefined,
    failure: undefined,
  };
  records.set(req, record);
  return record;
}

/** The request's record; a detached one for a request the app did not begin (tests calling a mount). */
export function recordOf(req: IncomingMessage | undefined, requestId = 'unknown'): RequestRecord {
  const found = req === undefined ? undefined : records.get(req);
  return found ?? { requestId, startedAt: process.hrtime.bigint(), actor: undefined, failure: undefined };
}

/** Keeps the first cause: the error that failed the request, not a later one answering it. */
export function noteFailure(record: RequestRecord, cause: unknown): void {
  record.failure ??= cause ?? new Error('unknown failure');
}
