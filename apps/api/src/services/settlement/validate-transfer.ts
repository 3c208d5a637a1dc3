import { compareDecimal, isWholeQuantity, isZeroDecimal } from '@tbo/contracts';
import { eq } from 'drizzle-orm';
import { accounts, instruments, securitiesTransfers } from '../../db/schema/index.js';
import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import { availableWholeUnits, getPosition, reserveUnits } from '../positions.js';
import { type ChangeMeta, transitionSecuritiesTransfer } from '../transitions.js';
import { type CommandOutcome, outcomeOf } from './outcome.js';

/** Why a NEW transfer cannot be instructed; it becomes CANCELLED with this code. */
export type RefusalCode =
  | 'ACCOUNT_INACTIVE'
  | 'INSTRUMENT_NOT_ENABLED'
  | 'FRACTIONAL_QUANTITY'
  | 'INSUFFICIENT_POSITION';

interface Refusal {
  code: RefusalCode;
  text: string;
}

function refusalOf(tx: Executor, row: SecuritiesTransferRow): Refusal | undefined {
  const account = tx.select().from(accounts).where(eq(accounts.id, row.accountId)).get();
  if (account?.status !== 'ACTIVE') {
    return { code: 'ACCOUNT_INACTIVE', text: `account ${row.accountId} is ${account?.status ?? 'missing'}` };
  }
  const instrument = tx.select().from(instruments).where(eq(instruments.isin, row.isin)).get();
  if (!instrument?.enabled) {
    return { code: 'INSTRUMENT_NOT_ENABLED', text: `${row.isin} is not in the enabled instrument list` };
  }
  if (!isWholeQuantity(row.quantity)) {
    return {
      code: 'FRACTIONAL_QUANTITY',
      text: `${row.quantity} is not a whole number of units; only whole units can settle`,
    };
  }
  if (row.direction === 'OUTGOING') {
    const available = availableWholeUnits(getPosition(tx, row));
    if (compareDecimal(available, row.quantity) < 0) {
      return { code: 'INSUFFICIENT_POSITION', text: `${row.quantity} requested, ${available} available` };
    }
  }
  return undefined;
}

/**
 * Validates a NEW transfer in the caller's transaction: account ACTIVE, ISIN
 * enabled, whole units, and for OUTGOING reserves the units so no other
 * transfer can spend them. A failure cancels it with a reason code.
 * Idempotent: a transfer already reserved (or no longer NEW) is left alone.
 */
export function validateTransfer(tx: Executor, row: SecuritiesTransferRow, meta: ChangeMeta): CommandOutcome {
  if (row.status !== 'NEW') return outcomeOf(row, 'UNCHANGED', `transfer is ${row.status}`);
  if (row.direction === 'OUTGOING' && !isZeroDecimal(row.reservedQuantity)) {
    return outcomeOf(row, 'VALIDATED', 'units already reserved');
  }
  const refusal = refusalOf(tx, row);
  if (refusal) {
    const cancelled = transitionSecuritiesTransfer(tx, row, 'CANCELLED', {
      ...meta,
      reasonCode: refusal.code,
      reason: refusal.text,
    });
    return outcomeOf(cancelled, 'CANCELLED', `${refusal.code}: ${refusal.text}`);
  }
  if (row.direction === 'OUTGOING') {
    reserveUnits(tx, row, row.quantity, meta.at);
    tx.update(securitiesTransfers)
      .set({ reservedQuantity: row.quantity })
      .where(eq(securitiesTransfers.id, row.id))
      .run();
  }
  return outcomeOf(row, 'VALIDATED');
}
