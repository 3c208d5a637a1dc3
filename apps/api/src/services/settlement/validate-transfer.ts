import { compareDecimal, isWholeQuantity, isZeroDecimal } from '@tbo/contracts';
import { prepared } from '../../db/sql.js';
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

export interface Refusal {
  code: RefusalCode;
  /** The request field it is about (the validate endpoints name it). */
  field: 'account_id' | 'instrument_id' | 'quantity';
  text: string;
}

/** What `findingsOf` looks at: a transfer, or a request not created yet. */
export type RefusalSubject = Pick<
  SecuritiesTransferRow,
  'tenantId' | 'accountId' | 'isin' | 'quantity' | 'direction'
>;

/**
 * Every reason the transfer cannot be instructed today, in the order the
 * asynchronous check reports them (it cancels with the first). The validate
 * endpoints answer all of them with the same codes.
 */
export function findingsOf(tx: Executor, row: RefusalSubject): Refusal[] {
  const found: Refusal[] = [];
  const account = prepared(tx, 'SELECT status FROM accounts WHERE id = ?').get(row.accountId) as
    | { status: string }
    | undefined;
  if (account?.status !== 'ACTIVE') {
    found.push({
      code: 'ACCOUNT_INACTIVE',
      field: 'account_id',
      text: `account ${row.accountId} is ${account?.status ?? 'missing'}`,
    });
  }
  const instrument = prepared(tx, 'SELECT enabled FROM instruments WHERE isin = ?').get(row.isin) as
    | { enabled: number }
    | undefined;
  if (instrument?.enabled !== 1) {
    found.push({
      code: 'INSTRUMENT_NOT_ENABLED',
      field: 'instrument_id',
      text: `${row.isin} is not in the enabled instrument list`,
    });
  }
  if (!isWholeQuantity(row.quantity)) {
    found.push({
      code: 'FRACTIONAL_QUANTITY',
      field: 'quantity',
      text: `${row.quantity} is not a whole number of units; only whole units can settle`,
    });
  }
  if (row.direction === 'OUTGOING') {
    const available = availableWholeUnits(getPosition(tx, row));
    if (compareDecimal(available, row.quantity) < 0) {
      found.push({
        code: 'INSUFFICIENT_POSITION',
        field: 'quantity',
        text: `${row.quantity} requested, ${available} available`,
      });
    }
  }
  return found;
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
  const refusal = findingsOf(tx, row)[0];
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
    prepared(tx, 'UPDATE securities_transfers SET reserved_quantity = ? WHERE id = ?').run(
      row.quantity,
      row.id,
    );
  }
  return outcomeOf(row, 'VALIDATED');
}
