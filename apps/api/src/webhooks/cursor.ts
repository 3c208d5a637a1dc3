import { invalidField } from '../domain/errors.js';

const PREFIX = 'ev1.';

/** The event log's cursor: opaque to clients, an outbox position inside. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`${PREFIX}${seq}`).toString('base64url');
}

/** 0 (the beginning) for an absent cursor; a 400 naming `since` for a malformed one. */
export function decodeCursor(cursor: string | undefined, field = 'since'): number {
  if (cursor === undefined || cursor === '') return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^ev1\.(\d{1,15})$/.exec(text);
  if (!match?.[1]) throw invalidField(field, 'must be a cursor returned as next_cursor');
  return Number(match[1]);
}
