import type { SecuritiesTransferStatus } from '@tbo/contracts';
import { MAX_CANCELLATION_DENIALS } from './cancellation-limit.js';
import { AppError } from './errors.js';
import { isFinalStatus } from './status-machine.js';

/** What the cancellation rules read of a securities transfer. */
export interface CancellableTransfer {
  id: string;
  status: SecuritiesTransferStatus;
  /** When a cancellation was requested at the custodian and is still open; null when none is. */
  cancellationRequestedAt: string | null;
  /** How often the custodian refused a cancellation of it. */
  cancellationDenials: number;
}

/** Who asks: a tenant's client (REST, tRPC) or an operator in the console. */
export type Canceller = 'client' | 'operator';

export type CancellationDecision =
  /** NEW: nothing was instructed yet, so it is CANCELLED at once. */
  | { kind: 'cancel'; reasonCode: string }
  /** PROCESSING: the custodian holds the instruction; we ask it to cancel and wait for its answer. */
  | { kind: 'request'; reasonCode: string; reason: string }
  /** A client asking again while a request is open: the same answer, nothing changes. */
  | { kind: 'unchanged' };

const REASON_CODES: Record<Canceller, { cancel: string; request: string }> = {
  client: { cancel: 'CANCELLED_BY_REQUEST', request: 'CANCELLATION_REQUESTED' },
  operator: { cancel: 'CANCELLED_BY_OPERATOR', request: 'CANCELLATION_REQUESTED_BY_OPERATOR' },
};

/**
 * What a cancellation of this transfer does, by who asks and its state:
 * NEW → cancelled at once; PROCESSING → requested at the custodian (after
 * `MAX_CANCELLATION_DENIALS` refusals only operations can arrange one);
 * final → 409. A request already open is a no-op for a client (a retry) and a
 * 409 for an operator, whose next step is a reject once the custodian confirms.
 */
export function decideCancellation(transfer: CancellableTransfer, by: Canceller): CancellationDecision {
  if (isFinalStatus(transfer.status)) {
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      `securities transfer ${transfer.id} is ${transfer.status} and can no longer be cancelled`,
    );
  }
  if (transfer.status === 'NEW') return { kind: 'cancel', reasonCode: REASON_CODES[by].cancel };
  if (transfer.cancellationRequestedAt !== null) {
    if (by === 'client') return { kind: 'unchanged' };
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      `cancellation of ${transfer.id} is already requested at the custodian; reject it once the custodian confirms`,
    );
  }
  if (transfer.cancellationDenials >= MAX_CANCELLATION_DENIALS) {
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      `the custodian refused ${transfer.cancellationDenials} cancellations of securities transfer ${transfer.id}; operations must arrange a further one`,
    );
  }
  return {
    kind: 'request',
    reasonCode: REASON_CODES[by].request,
    reason: 'cancellation requested; forwarded to the custodian',
  };
}

/**
 * The children an account transfer's cancellation acts on: every unfinished
 * one for a client (an open request answers unchanged), those with nothing
 * open at the custodian for an operator. None → 409.
 */
export function childrenToCancel<T extends CancellableTransfer>(
  parent: { id: string; status: string },
  children: readonly T[],
  by: Canceller,
): T[] {
  const open = children.filter(
    (child) => !isFinalStatus(child.status) && (by === 'client' || child.cancellationRequestedAt === null),
  );
  if (open.length === 0) {
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      by === 'client'
        ? `account transfer ${parent.id} is ${parent.status} and can no longer be cancelled`
        : `account transfer ${parent.id} has nothing left to cancel`,
    );
  }
  return open;
}
