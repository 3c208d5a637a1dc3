import { AppError } from '../../domain/errors.js';

/** Where a keyset page starts: the sort value and id of the row next to it. */
export interface TransferCursor {
  key: string;
  id: string;
}

/** Opaque to the console: base64url of `[key, id]`. */
export function encodeCursor(cursor: TransferCursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string, field: 'after' | 'before'): TransferCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    ) {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('VALIDATION_FAILED', `${field} is not a cursor of this list`, {
    invalidParams: [{ name: field, reason: 'must be next_cursor or prev_cursor of a previous page' }],
  });
}
