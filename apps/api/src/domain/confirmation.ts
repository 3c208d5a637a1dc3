import {
  addDecimal,
  compareDecimal,
  fromScaled,
  isWholeQuantity,
  subtractDecimal,
  toScaled,
} from '@tbo/contracts';
import { AppError } from './errors.js';

/** What the settlement rules read of a securities transfer. */
export interface SettlingTransfer {
  id: string;
  status: string;
  direction: string;
  quantity: string;
  quantitySettled: string;
  reservedQuantity: string;
}

export interface Confirmation {
  messageReference: string;
  quantity: string;
  /** YYYY-MM-DD the units moved (becomes actual_settlement_date when complete). */
  effectiveDate: string;
}

export interface ConfirmationEffect {
  /** The transfer's settled quantity after the confirmation. */
  settled: string;
  /** Whether that is all of it: a PROCESSING transfer then becomes SETTLED. */
  complete: boolean;
  /** Units of the reservation the booking uses up (OUTGOING only). */
  consumed: string;
  reservedAfter: string;
}

/**
 * What one settlement confirmation does to a transfer: refused unless it is
 * PROCESSING or SETTLED, for whole units above 0, and never beyond the
 * instructed quantity; an OUTGOING transfer uses up as much of its reservation.
 */
export function decideConfirmation(transfer: SettlingTransfer, c: Confirmation): ConfirmationEffect {
  if (transfer.status !== 'PROCESSING' && transfer.status !== 'SETTLED') {
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      `transfer ${transfer.id} is ${transfer.status}; cannot confirm`,
    );
  }
  if (!isWholeQuantity(c.quantity) || toScaled(c.quantity) <= 0n) {
    throw new AppError('UNPROCESSABLE', `confirmed quantity ${c.quantity} must be whole units above 0`);
  }
  const settledScaled = toScaled(transfer.quantitySettled) + toScaled(c.quantity);
  const total = toScaled(transfer.quantity);
  const settled = fromScaled(settledScaled);
  if (settledScaled > total) {
    throw new AppError(
      'UNPROCESSABLE',
      `confirmation ${c.messageReference} would settle ${settled} of ${transfer.quantity} (more than instructed)`,
    );
  }
  const outgoing = transfer.direction === 'OUTGOING';
  return {
    settled,
    complete: settledScaled === total,
    consumed: outgoing ? c.quantity : '0',
    reservedAfter: outgoing
      ? subtractDecimal(transfer.reservedQuantity, c.quantity)
      : transfer.reservedQuantity,
  };
}

export interface ReversalEffect {
  settled: string;
  /** A PROCESSING OUTGOING transfer gets the units back into its reservation. */
  reReserve: boolean;
  reservedAfter: string;
}

/** Undoing a booked confirmation of `quantity`: the status never moves back (SETTLED is final). */
export function decideReversal(transfer: SettlingTransfer, quantity: string): ReversalEffect {
  const reReserve = transfer.direction === 'OUTGOING' && transfer.status === 'PROCESSING';
  return {
    settled: subtractDecimal(transfer.quantitySettled, quantity),
    reReserve,
    reservedAfter: reReserve ? addDecimal(transfer.reservedQuantity, quantity) : transfer.reservedQuantity,
  };
}

/**
 * A settlement an operator enters by hand: only on a PROCESSING transfer,
 * whole units above 0, no more than is left, and not dated in the future.
 */
export function checkManualSettlement(
  transfer: SettlingTransfer,
  settlement: { quantity: string; date: string },
  today: string,
): void {
  if (transfer.status !== 'PROCESSING') {
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      `only a PROCESSING transfer can be settled; ${transfer.id} is ${transfer.status}`,
    );
  }
  const remaining = subtractDecimal(transfer.quantity, transfer.quantitySettled);
  if (!isWholeQuantity(settlement.quantity) || compareDecimal(settlement.quantity, '0') <= 0) {
    throw new AppError('VALIDATION_FAILED', 'the settled quantity must be a whole number of units above 0');
  }
  if (compareDecimal(settlement.quantity, remaining) > 0) {
    throw new AppError('VALIDATION_FAILED', `at most ${remaining} units are left to settle`);
  }
  if (settlement.date > today) {
    throw new AppError('VALIDATION_FAILED', 'the settlement date cannot be in the future');
  }
}
