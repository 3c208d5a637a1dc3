import { addDecimal, compareDecimal, isZeroDecimal, subtractDecimal, wholeUnitsOf } from '@tbo/contracts';
import { and, eq } from 'drizzle-orm';
import { positions } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import { AppError } from '../domain/errors.js';

export interface PositionKey {
  tenantId: string;
  accountId: string;
  isin: string;
}

// Every function here runs inside the caller's transaction; better-sqlite3
// transactions are synchronous, so a read-modify-write cannot interleave.

export function getPosition(tx: Executor, key: PositionKey) {
  return tx
    .select()
    .from(positions)
    .where(
      and(
        eq(positions.tenantId, key.tenantId),
        eq(positions.accountId, key.accountId),
        eq(positions.isin, key.isin),
      ),
    )
    .get();
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
  tx.update(positions)
    .set({ reserved: addDecimal(position.reserved, quantity), updatedAt: at })
    .where(and(eq(positions.accountId, key.accountId), eq(positions.isin, key.isin)))
    .run();
}

export function releaseUnits(tx: Executor, key: PositionKey, quantity: string, at: string): void {
  if (isZeroDecimal(quantity)) return;
  const position = getPosition(tx, key);
  if (!position) return;
  const left = subtractDecimal(position.reserved, quantity);
  tx.update(positions)
    .set({ reserved: compareDecimal(left, '0') < 0 ? '0' : left, updatedAt: at })
    .where(and(eq(positions.accountId, key.accountId), eq(positions.isin, key.isin)))
    .run();
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
  const delta = direction === 'INCOMING' ? quantity : subtractDecimal('0', quantity);
  if (!position) {
    tx.insert(positions)
      .values({ ...key, quantity: addDecimal('0', delta), reserved: '0', updatedAt: at })
      .run();
    return;
  }
  const reserved = subtractDecimal(position.reserved, releaseReserved);
  tx.update(positions)
    .set({
      quantity: addDecimal(position.quantity, delta),
      reserved: compareDecimal(reserved, '0') < 0 ? '0' : reserved,
      updatedAt: at,
    })
    .where(and(eq(positions.accountId, key.accountId), eq(positions.isin, key.isin)))
    .run();
}
