import {
  addDecimal,
  compareDecimal,
  fromScaled,
  isZeroDecimal,
  subtractDecimal,
  toScaled,
  wholeUnitsOf,
} from '@tbo/contracts';
import type { Executor } from '../db/types.js';
import { AppError } from '../domain/errors.js';
import {
  findPosition,
  insertPosition,
  type PositionKey,
  type PositionRow,
  updatePosition,
} from '../repositories/positions.js';

export type { PositionKey } from '../repositories/positions.js';

// Every function here runs inside the caller's write transaction: on SQLite
// the one writer runs it alone; on PostgreSQL `findPosition` reads the row
// FOR UPDATE, so a concurrent reservation of the same units waits for this one.

export async function getPosition(tx: Executor, key: PositionKey): Promise<PositionRow | undefined> {
  return await findPosition(tx, key);
}

async function writePosition(
  tx: Executor,
  key: PositionKey,
  quantity: string,
  reserved: string,
  at: string,
): Promise<void> {
  await updatePosition(tx, key, { quantity, reserved, updatedAt: at });
}

/** Whole units not yet promised to another outgoing transfer. */
export function availableWholeUnits(position: { quantity: string; reserved: string } | undefined): string {
  if (!position) return '0';
  return wholeUnitsOf(subtractDecimal(position.quantity, position.reserved));
}

/** Reserves units for an outgoing transfer or refuses with INSUFFICIENT_POSITION. */
export async function reserveUnits(
  tx: Executor,
  key: PositionKey,
  quantity: string,
  at: string,
): Promise<void> {
  const position = await getPosition(tx, key);
  const available = availableWholeUnits(position);
  if (!position || compareDecimal(available, quantity) < 0) {
    throw new AppError(
      'UNPROCESSABLE',
      `INSUFFICIENT_POSITION: ${quantity} requested, ${available} whole units available of ${key.isin}`,
    );
  }
  await writePosition(tx, key, position.quantity, addDecimal(position.reserved, quantity), at);
}

export async function releaseUnits(
  tx: Executor,
  key: PositionKey,
  quantity: string,
  at: string,
): Promise<void> {
  if (isZeroDecimal(quantity)) return;
  const position = await getPosition(tx, key);
  if (!position) return;
  const left = subtractDecimal(position.reserved, quantity);
  await writePosition(tx, key, position.quantity, compareDecimal(left, '0') < 0 ? '0' : left, at);
}

/**
 * Books settled units: incoming adds; outgoing removes units and the same
 * amount of its reservation. A negative `quantity` undoes a booking (reversal).
 */
export async function bookSettlement(
  tx: Executor,
  key: PositionKey,
  direction: 'INCOMING' | 'OUTGOING',
  quantity: string,
  releaseReserved: string,
  at: string,
): Promise<void> {
  const position = await getPosition(tx, key);
  // Scaled once (one BigInt per operand) instead of through add/subtract/compare per step.
  const delta = direction === 'INCOMING' ? toScaled(quantity) : -toScaled(quantity);
  if (!position) {
    await insertPosition(tx, key, { quantity: fromScaled(delta), updatedAt: at });
    return;
  }
  const reserved = toScaled(position.reserved) - toScaled(releaseReserved);
  await writePosition(
    tx,
    key,
    fromScaled(toScaled(position.quantity) + delta),
    fromScaled(reserved < 0n ? 0n : reserved),
    at,
  );
}
