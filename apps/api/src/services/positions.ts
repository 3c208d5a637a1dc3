import {
  addDecimal,
  compareDecimal,
  fromScaled,
  isZeroDecimal,
  subtractDecimal,
  toScaled,
  wholeUnitsOf,
} from '@tbo/contracts';
import type { positions } from '../db/schema/index.js';
import { prepared, queryRow } from '../db/sql.js';
import type { Executor } from '../db/types.js';
import { AppError } from '../domain/errors.js';

export interface PositionKey {
  tenantId: string;
  accountId: string;
  isin: string;
}

// Every function here runs inside the caller's transaction; better-sqlite3
// transactions are synchronous, so a read-modify-write cannot interleave.

type PositionRow = typeof positions.$inferSelect;

interface CachedPosition {
  row: PositionRow | undefined;
  dirty: boolean;
}

/**
 * While a settlement batch runs (`withPositionCache`), positions are read
 * once and written once at its end: a thousand confirmations of one account
 * and ISIN are one read and one write instead of a thousand of each. Only the
 * functions of this module touch positions inside such a batch.
 */
let cache: Map<string, CachedPosition> | undefined;

const cacheKey = (key: PositionKey) => `${key.tenantId}|${key.accountId}|${key.isin}`;

function readPosition(tx: Executor, key: PositionKey): PositionRow | undefined {
  return queryRow<PositionRow>(
    tx,
    'SELECT * FROM positions WHERE account_id = ? AND isin = ? AND tenant_id = ?',
    key.accountId,
    key.isin,
    key.tenantId,
  );
}

export function getPosition(tx: Executor, key: PositionKey): PositionRow | undefined {
  if (cache === undefined) return readPosition(tx, key);
  const k = cacheKey(key);
  let entry = cache.get(k);
  if (entry === undefined) {
    entry = { row: readPosition(tx, key), dirty: false };
    cache.set(k, entry);
  }
  return entry.row;
}

function storePosition(tx: Executor, row: PositionRow): void {
  prepared(
    tx,
    'UPDATE positions SET quantity = ?, reserved = ?, updated_at = ? WHERE account_id = ? AND isin = ?',
  ).run(row.quantity, row.reserved, row.updatedAt, row.accountId, row.isin);
}

function writePosition(tx: Executor, key: PositionKey, quantity: string, reserved: string, at: string): void {
  const entry = cache?.get(cacheKey(key));
  if (entry?.row !== undefined) {
    entry.row = { ...entry.row, quantity, reserved, updatedAt: at };
    entry.dirty = true;
    return;
  }
  prepared(
    tx,
    'UPDATE positions SET quantity = ?, reserved = ?, updated_at = ? WHERE account_id = ? AND isin = ?',
  ).run(quantity, reserved, at, key.accountId, key.isin);
}

/**
 * Runs `fn` (synchronous, inside the caller's transaction) with positions
 * cached, then writes the changed ones. If `fn` throws nothing is written:
 * the caller rolls its savepoint back and the cache is dropped.
 */
export function withPositionCache<T>(tx: Executor, fn: () => T): T {
  if (cache !== undefined) return fn();
  cache = new Map();
  try {
    const result = fn();
    for (const entry of cache.values()) {
      if (entry.dirty && entry.row !== undefined) storePosition(tx, entry.row);
    }
    return result;
  } finally {
    cache = undefined;
  }
}

/** Whole units not yet promised to another outgoing transfer. */
export function availableWholeUnits(position: { quantity: string; reserved: string } | undefined): string {
  if (!position) return '0';
  return wholeUnitsOf(subtractDecimal(position.quantity, position.reserved));
}

/** Reserves units for an outgoing transfer or refuses with INSUFFICIENT_POSITION. */
export function reserveUnits(tx: Executor, key: PositionKey, quantity: string, at: string): void {
  const position = getPosition(tx, key);
  const available = availableWholeUnits(position);
  if (!position || compareDecimal(available, quantity) < 0) {
    throw new AppError(
      'UNPROCESSABLE',
      `INSUFFICIENT_POSITION: ${quantity} requested, ${available} whole units available of ${key.isin}`,
    );
  }
  writePosition(tx, key, position.quantity, addDecimal(position.reserved, quantity), at);
}

export function releaseUnits(tx: Executor, key: PositionKey, quantity: string, at: string): void {
  if (isZeroDecimal(quantity)) return;
  const position = getPosition(tx, key);
  if (!position) return;
  const left = subtractDecimal(position.reserved, quantity);
  writePosition(tx, key, position.quantity, compareDecimal(left, '0') < 0 ? '0' : left, at);
}

/**
 * Books settled units: incoming adds; outgoing removes units and the same
 * amount of its reservation. A negative `quantity` undoes a booking (reversal).
 */
export function bookSettlement(
  tx: Executor,
  key: PositionKey,
  direction: 'INCOMING' | 'OUTGOING',
  quantity: string,
  releaseReserved: string,
  at: string,
): void {
  const position = getPosition(tx, key);
  // Scaled once (one BigInt per operand) instead of through add/subtract/compare per step.
  const delta = direction === 'INCOMING' ? toScaled(quantity) : -toScaled(quantity);
  if (!position) {
    prepared(
      tx,
      "INSERT INTO positions (tenant_id, account_id, isin, quantity, reserved, updated_at) VALUES (?, ?, ?, ?, '0', ?)",
    ).run(key.tenantId, key.accountId, key.isin, fromScaled(delta), at);
    // A cached "no position" is stale now: the next read sees the new row.
    cache?.delete(cacheKey(key));
    return;
  }
  const reserved = toScaled(position.reserved) - toScaled(releaseReserved);
  writePosition(
    tx,
    key,
    fromScaled(toScaled(position.quantity) + delta),
    fromScaled(reserved < 0n ? 0n : reserved),
    at,
  );
}
