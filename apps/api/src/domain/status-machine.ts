import type { AccountTransferStatus, SecuritiesTransferStatus } from '@tbo/contracts';
import { AppError } from './errors.js';

/**
 * The one place that says which securities transfer status may follow which.
 * SETTLED and CANCELLED are final: a retry is a new transfer.
 */
export const SECURITIES_TRANSITIONS: Readonly<
  Record<SecuritiesTransferStatus, readonly SecuritiesTransferStatus[]>
> = {
  NEW: ['PROCESSING', 'CANCELLED'],
  PROCESSING: ['SETTLED', 'CANCELLED'],
  SETTLED: [],
  CANCELLED: [],
};

export function isFinalStatus(status: SecuritiesTransferStatus): boolean {
  return SECURITIES_TRANSITIONS[status].length === 0;
}

export function canTransition(from: SecuritiesTransferStatus, to: SecuritiesTransferStatus): boolean {
  return SECURITIES_TRANSITIONS[from].includes(to);
}

export function assertTransition(
  id: string,
  from: SecuritiesTransferStatus,
  to: SecuritiesTransferStatus,
): void {
  if (!canTransition(from, to)) {
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      `securities transfer ${id} cannot go from ${from} to ${to}${isFinalStatus(from) ? ` (${from} is final)` : ''}`,
    );
  }
}

/** What the derivation reads of a child: its status and how much of it settled. */
export interface ChildState {
  status: SecuritiesTransferStatus;
  quantitySettled: string;
}

/** Units moved: SETTLED, or CANCELLED after a part had settled (a partial settlement, then cancelled). */
function movedUnits(child: ChildState): boolean {
  return child.status === 'SETTLED' || /[1-9]/.test(child.quantitySettled);
}

/**
 * An account transfer's status, derived from its children:
 * all NEW → NEW; any unfinished (and not all NEW) → PROCESSING; all final →
 * SETTLED when every child settled, CANCELLED when no units moved at all,
 * else PARTIALLY_SETTLED – a child CANCELLED with units already settled
 * counts as settled units (docs/decisions.md).
 */
export function deriveAccountTransferStatus(children: readonly ChildState[]): AccountTransferStatus {
  if (children.length === 0) return 'CANCELLED';
  if (children.every((c) => c.status === 'NEW')) return 'NEW';
  if (children.some((c) => !isFinalStatus(c.status))) return 'PROCESSING';
  if (children.every((c) => c.status === 'SETTLED')) return 'SETTLED';
  if (!children.some(movedUnits)) return 'CANCELLED';
  return 'PARTIALLY_SETTLED';
}
