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

/**
 * An account transfer's status, derived from its children:
 * all NEW → NEW; any unfinished (and not all NEW) → PROCESSING; all final →
 * SETTLED / CANCELLED / PARTIALLY_SETTLED by what they ended as.
 */
export function deriveAccountTransferStatus(
  children: readonly SecuritiesTransferStatus[],
): AccountTransferStatus {
  if (children.length === 0) return 'CANCELLED';
  if (children.every((s) => s === 'NEW')) return 'NEW';
  if (children.some((s) => !isFinalStatus(s))) return 'PROCESSING';
  const settled = children.filter((s) => s === 'SETTLED').length;
  if (settled === children.length) return 'SETTLED';
  if (settled === 0) return 'CANCELLED';
  return 'PARTIALLY_SETTLED';
}
