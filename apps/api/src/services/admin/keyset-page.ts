import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import {
  type KeysetOrder,
  type KeysetWalk,
  type KeyValue,
  keysetWalk,
} from '../../repositories/keyset-walk.js';

export type { KeysetOrder, KeysetWalk, KeyValue };

/*
 * Keyset paging for the console's lists (the transfers list has its own, with
 * a scan window, in transfer-list.ts). A list names its order – sort columns
 * ending in a unique tie-breaker, all in one direction, so one index serves
 * it – and gets pages that seek that index from an opaque cursor: no OFFSET,
 * no count, a page costs the same on page 1 and page 1,000.
 */

/** `after` pages on in the list's order, `before` back towards its start. */
export const PageCursorShape = {
  after: z.string().min(1).max(400).optional(),
  before: z.string().min(1).max(400).optional(),
};

export const KeysetInputShape = {
  ...PageCursorShape,
  limit: z.number().int().min(1).max(200).default(50),
};

export interface KeysetRequest {
  after?: string | undefined;
  before?: string | undefined;
  limit: number;
}

export interface KeysetPage<T> {
  rows: T[];
  /** The next page; null at the end. */
  next_cursor: string | null;
  /** The previous page; null on the first. */
  prev_cursor: string | null;
}

export function encodeKeyset(values: KeyValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeKeyset(text: string, arity: number, field: 'after' | 'before'): KeyValue[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === arity &&
      value.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return value as KeyValue[];
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('VALIDATION_FAILED', `${field} is not a cursor of this list`, {
    invalidParams: [{ name: field, reason: 'must be next_cursor or prev_cursor of a previous page' }],
  });
}

interface KeysetPlan {
  walk: KeysetWalk;
  backwards: boolean;
  cursorText: string | undefined;
  cursor: KeyValue[] | undefined;
}

/** Which walk the requested page takes: a previous page walks the order reversed from its cursor. */
function plan<T>(order: KeysetOrder<T>, request: KeysetRequest): KeysetPlan {
  if (request.after !== undefined && request.before !== undefined) {
    throw new AppError('VALIDATION_FAILED', 'after and before exclude each other', {
      invalidParams: [{ name: 'before', reason: 'send either after or before, not both' }],
    });
  }
  const backwards = request.before !== undefined;
  const cursorText = request.before ?? request.after;
  const cursor =
    cursorText === undefined
      ? undefined
      : decodeKeyset(cursorText, order.columns.length, backwards ? 'before' : 'after');
  const ascending = (order.direction === 'ASC') !== backwards;
  return {
    walk: keysetWalk(order.columns, ascending, cursor, request.limit + 1),
    backwards,
    cursorText,
    cursor,
  };
}

/** What a walk read as the page with its cursors; a previous page is turned round before it is shown. */
function pageOf<T>(order: KeysetOrder<T>, request: KeysetRequest, p: KeysetPlan, read: T[]): KeysetPage<T> {
  const { backwards, cursor } = p;
  const more = read.length > request.limit;
  const rows = read.slice(0, request.limit);
  if (backwards) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const keyOf = (row: T) => encodeKeyset(order.keyOf(row));
  const here = p.cursorText ?? null;
  return {
    rows,
    next_cursor: backwards ? (last ? keyOf(last) : here) : more && last ? keyOf(last) : null,
    prev_cursor: backwards
      ? more && first
        ? keyOf(first)
        : null
      : cursor
        ? first
          ? keyOf(first)
          : here
        : null,
  };
}

/** Runs `fetch` (a repository read) with the walk for the requested page and turns what it read into the page. */
export async function readKeysetPage<T>(
  order: KeysetOrder<T>,
  request: KeysetRequest,
  fetch: (walk: KeysetWalk) => Promise<T[]>,
): Promise<KeysetPage<T>> {
  const p = plan(order, request);
  return pageOf(order, request, p, await fetch(p.walk));
}
