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
  return readPosition(tx, key);
}

async function writePosition(
  tx: Executor,
  key: PositionKey,
  quantity: string,
  reserved: string,
  at: string,
): Promise<void> {
  prepared(
    tx,
    'UPDATE positions SET quantity = ?, reserved = ?, updated_at = ? WHERE account_id = ? AND isin = ?',
  ).run(quantity, reserved, at, key.accountId, key.isin);
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
  const position = getPosition(tx, key);
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
  const position = getPosition(tx, key);
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
  const position = getPosition(tx, key);
  // Scaled once (one BigInt per operand) instead of through add/subtract/compare per step.
  const delta = direction === 'INCOMING' ? toScaled(quantity) : -toScaled(quantity);
  if (!position) {
    prepared(
      tx,
      "INSERT INTO positions (tenant_id, account_id, isin, quantity, reserved, updated_at) VALUES (?, ?, ?, ?, '0', ?)",
    ).run(key.tenantId, key.accountId, key.isin, fromScaled(delta), at);
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
