import { subtractDecimal } from '@tbo/contracts';
import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import { type Confirmation, decideConfirmation, decideReversal } from '../../domain/confirmation.js';
import { AppError } from '../../domain/errors.js';
import { uuidv7 } from '../../lib/uuid-v7.js';
import {
  findConfirmationByReference,
  insertConfirmation,
  markConfirmationReversed,
} from '../../repositories/settlement-confirmations.js';
import { bookSettlement } from '../positions.js';
import {
  type ChangeMeta,
  changeSecuritiesTransferData,
  transitionSecuritiesTransfer,
} from '../transitions.js';
import { type CommandOutcome, outcomeOf } from './outcome.js';

export type { Confirmation } from '../../domain/confirmation.js';

/**
 * Books one settlement confirmation exactly once (its message reference is
 * unique): positions move, `quantity_settled` grows; the last part settles
 * the transfer, earlier parts are DATA_CHANGED.
 */
export async function applyConfirmation(
  tx: Executor,
  row: SecuritiesTransferRow,
  c: Confirmation,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  const seen = await findConfirmationByReference(tx, c.messageReference);
  if (seen) return outcomeOf(row, 'ALREADY_APPLIED', `confirmation ${c.messageReference} was booked before`);
  const { settled, complete, consumed, reservedAfter } = decideConfirmation(row, c);
  await insertConfirmation(tx, {
    id: uuidv7(),
    transferId: row.id,
    messageReference: c.messageReference,
    quantity: c.quantity,
    effectiveDate: c.effectiveDate,
    createdAt: meta.at,
  });
  const outgoing = row.direction === 'OUTGOING';
  await bookSettlement(tx, row, outgoing ? 'OUTGOING' : 'INCOMING', c.quantity, consumed, meta.at);
  const patch = {
    quantitySettled: settled,
    reservedQuantity: reservedAfter,
    leaseOwner: null,
    leaseExpiresAt: null,
  };
  const m = { ...meta, sourceMessage: meta.sourceMessage ?? c.messageReference };
  if (complete && row.status === 'PROCESSING') {
    const done = await transitionSecuritiesTransfer(
      tx,
      row,
      'SETTLED',
      { ...m, reason: `settled on ${c.effectiveDate} (${c.messageReference})` },
      { ...patch, actualSettlementDate: c.effectiveDate },
    );
    return outcomeOf(done, 'SETTLED');
  }
  const changed = await changeSecuritiesTransferData(tx, row, patch, {
    ...m,
    reasonCode: 'PARTIAL_SETTLEMENT',
    reason: `${c.quantity} settled on ${c.effectiveDate}; ${settled} of ${row.quantity} in all`,
  });
  return outcomeOf(changed, 'PARTIALLY_CONFIRMED', `${settled} of ${row.quantity}`);
}

/**
 * Undoes one booked confirmation: its units move back and `quantity_settled`
 * shrinks. The status never moves back (SETTLED is final); a reversed
 * SETTLED transfer shows quantity_settled below quantity for operations.
 * A PROCESSING OUTGOING transfer gets its reservation back.
 */
export async function applyReversal(
  tx: Executor,
  previousReference: string,
  messageReference: string,
  load: (transferId: string) => Promise<SecuritiesTransferRow>,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  const original = await findConfirmationByReference(tx, previousReference);
  if (!original) {
    throw new AppError('NOT_FOUND', `no booked confirmation ${previousReference} to reverse`);
  }
  const row = await load(original.transferId);
  if (original.reversedAt !== null) {
    return outcomeOf(row, 'UNCHANGED', `${previousReference} was reversed by ${original.reversalReference}`);
  }
  const q = original.quantity;
  const outgoing = row.direction === 'OUTGOING';
  const { settled, reReserve, reservedAfter } = decideReversal(row, q);
  await bookSettlement(
    tx,
    row,
    outgoing ? 'OUTGOING' : 'INCOMING',
    subtractDecimal('0', q),
    reReserve ? subtractDecimal('0', q) : '0',
    meta.at,
  );
  await markConfirmationReversed(tx, original.id, { at: meta.at, reversalReference: messageReference });
  const changed = await changeSecuritiesTransferData(
    tx,
    row,
    {
      quantitySettled: settled,
      reservedQuantity: reservedAfter,
      leaseOwner: null,
      leaseExpiresAt: null,
    },
    {
      ...meta,
      sourceMessage: meta.sourceMessage ?? messageReference,
      reasonCode: 'SETTLEMENT_REVERSED',
      reason: `confirmation ${previousReference} (${q}) reversed by ${messageReference}; ${settled} of ${row.quantity} settled, status stays ${row.status}`,
    },
  );
  return outcomeOf(changed, 'REVERSED', `${settled} of ${row.quantity}`);
}
