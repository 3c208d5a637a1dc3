import { compareDecimal } from '@tbo/contracts';
import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import { AppError } from '../../domain/errors.js';
import { markCancellationForwarded as recordCancellationForwarded } from '../../repositories/custodian-instructions.js';
import { noteSecuritiesTransfer } from '../journal.js';
import { type ChangeMeta, transitionSecuritiesTransfer } from '../transitions.js';
import { type CommandOutcome, outcomeOf } from './outcome.js';

export const CUSTODIAN_REFERENCE_PATTERN = /^[A-Za-z0-9]{16}$/;

/**
 * NEW → PROCESSING once the instruction is at the custodian. A transfer
 * cancelled meanwhile answers CANCELLED, so the worker withdraws the
 * instruction it has just sent.
 */
export async function recordInstruction(
  tx: Executor,
  row: SecuritiesTransferRow,
  custodianReference: string,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  if (!CUSTODIAN_REFERENCE_PATTERN.test(custodianReference)) {
    throw new AppError('BAD_REQUEST', 'custodianReference must be 16 letters or digits');
  }
  if (row.status === 'CANCELLED') return outcomeOf(row, 'CANCELLED', 'cancelled before it was instructed');
  if (row.status !== 'NEW') {
    if (row.custodianReference === custodianReference)
      return outcomeOf(row, 'UNCHANGED', 'already instructed');
    throw new AppError('CONFLICT', `transfer ${row.id} was instructed as ${row.custodianReference}`);
  }
  if (row.direction === 'OUTGOING' && compareDecimal(row.reservedQuantity, row.quantity) !== 0) {
    throw new AppError('CONFLICT', `transfer ${row.id} is not validated (no reservation)`);
  }
  const updated = await transitionSecuritiesTransfer(
    tx,
    row,
    'PROCESSING',
    { ...meta, reason: meta.reason ?? `instructed at the custodian as ${custodianReference}` },
    { custodianReference, instructedAt: meta.at },
  );
  return outcomeOf(updated, 'INSTRUCTED');
}

/** The custodian could not take the instruction (e.g. not writable as SWIFT): NEW → CANCELLED. */
export async function refuseInstruction(
  tx: Executor,
  row: SecuritiesTransferRow,
  reasonCode: string,
  reason: string,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  if (row.status !== 'NEW') return outcomeOf(row, 'UNCHANGED', `transfer is ${row.status}`);
  const cancelled = await transitionSecuritiesTransfer(tx, row, 'CANCELLED', { ...meta, reasonCode, reason });
  return outcomeOf(cancelled, 'CANCELLED', `${reasonCode}: ${reason}`);
}

/** The cancellation of a PROCESSING transfer has been sent to the custodian (once). */
export async function markCancellationForwarded(
  tx: Executor,
  row: SecuritiesTransferRow,
  cancellationReference: string,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  if (row.cancellationForwardedAt !== null) return outcomeOf(row, 'UNCHANGED', 'already forwarded');
  if (row.status !== 'PROCESSING' || row.cancellationRequestedAt === null) {
    return outcomeOf(row, 'UNCHANGED', `no cancellation to forward (${row.status})`);
  }
  await recordCancellationForwarded(tx, row.id, meta.at);
  await noteSecuritiesTransfer(tx, row, {
    actor: meta.actor,
    at: meta.at,
    reasonCode: 'CANCELLATION_FORWARDED',
    reason: `cancellation sent to the custodian as ${cancellationReference}`,
    sourceMessage: cancellationReference,
  });
  return outcomeOf(row, 'FORWARDED');
}
