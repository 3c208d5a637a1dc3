import { isZeroDecimal } from '@tbo/contracts';
import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import { findRefusals, type Refusal } from '../../domain/instruction-checks.js';
import { setReservedQuantity } from '../../repositories/custodian-instructions.js';
import { findAccountReference, findInstrumentEnabled } from '../../repositories/settlement-lookups.js';
import { availableWholeUnits, getPosition, reserveUnits } from '../positions.js';
import { type ChangeMeta, transitionSecuritiesTransfer } from '../transitions.js';
import { type CommandOutcome, outcomeOf } from './outcome.js';

export type { Refusal, RefusalCode } from '../../domain/instruction-checks.js';

/** What `findingsOf` looks at: a transfer, or a request not created yet. */
export type RefusalSubject = Pick<
  SecuritiesTransferRow,
  'tenantId' | 'accountId' | 'isin' | 'quantity' | 'direction'
>;

/** Loads what `findRefusals` decides on, and decides. The validate endpoints answer the same. */
export async function findingsOf(tx: Executor, row: RefusalSubject): Promise<Refusal[]> {
  const account = await findAccountReference(tx, row.accountId);
  const instrumentEnabled = await findInstrumentEnabled(tx, row.isin);
  return findRefusals(row, {
    accountStatus: account?.status,
    instrumentEnabled: instrumentEnabled === true,
    availableUnits:
      row.direction === 'OUTGOING' ? availableWholeUnits(await getPosition(tx, row)) : undefined,
  });
}

/**
 * Validates a NEW transfer in the caller's transaction: account ACTIVE, ISIN
 * enabled, whole units, and for OUTGOING reserves the units so no other
 * transfer can spend them. A failure cancels it with a reason code.
 * Idempotent: a transfer already reserved (or no longer NEW) is left alone.
 */
export async function validateTransfer(
  tx: Executor,
  row: SecuritiesTransferRow,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  if (row.status !== 'NEW') return outcomeOf(row, 'UNCHANGED', `transfer is ${row.status}`);
  if (row.direction === 'OUTGOING' && !isZeroDecimal(row.reservedQuantity)) {
    return outcomeOf(row, 'VALIDATED', 'units already reserved');
  }
  const refusal = (await findingsOf(tx, row))[0];
  if (refusal) {
    const cancelled = await transitionSecuritiesTransfer(tx, row, 'CANCELLED', {
      ...meta,
      reasonCode: refusal.code,
      reason: refusal.text,
    });
    return outcomeOf(cancelled, 'CANCELLED', `${refusal.code}: ${refusal.text}`);
  }
  if (row.direction === 'OUTGOING') {
    await reserveUnits(tx, row, row.quantity, meta.at);
    await setReservedQuantity(tx, row.id, row.quantity);
  }
  return outcomeOf(row, 'VALIDATED');
}
