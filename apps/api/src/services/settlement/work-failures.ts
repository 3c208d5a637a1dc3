import { writeTransaction } from '../../db/transaction.js';
import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import { AppError } from '../../domain/errors.js';
import { backOffTransfer, parkTransfer, unparkTransfer } from '../../repositories/work-queue.js';
import { noteSecuritiesTransfer } from '../journal.js';
import type { ChangeMeta } from '../transitions.js';
import { recordParkedWork, resolveParkedWork } from './custodian-exceptions.js';
import { requireTransfer } from './find-transfer.js';
import { type CommandOutcome, outcomeOf } from './outcome.js';

/** The longest a failed transfer waits before the next attempt. */
export const MAX_BACKOFF_SECONDS = 3600;

export interface WorkFailure {
  /** The worker that held the lease and failed; only its report counts (a replay changes nothing). */
  owner: string;
  error: string;
  /** Park the transfer once it has failed this many times. */
  maxAttempts: number;
  /** Wait before the first retry; doubled per further failure, at most MAX_BACKOFF_SECONDS. */
  backoffSeconds: number;
}

/**
 * The worker could not finish its work on one transfer: count the failure
 * and hold the transfer back (its lease runs until the back-off is over), or
 * park it once it has failed `maxAttempts` times – a parked transfer is no
 * longer claimed until an operator retries it. Nothing else of the batch is
 * affected.
 */
export async function failWork(
  tx: Executor,
  row: SecuritiesTransferRow,
  failure: WorkFailure,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  if (row.status !== 'NEW' && row.status !== 'PROCESSING') {
    return outcomeOf(row, 'UNCHANGED', `transfer is ${row.status}`);
  }
  if (row.parkedAt !== null) return outcomeOf(row, 'UNCHANGED', 'already parked');
  if (row.leaseOwner !== failure.owner) {
    return outcomeOf(row, 'UNCHANGED', 'the lease is no longer held by this worker');
  }
  const attempts = row.workAttempts + 1;
  const error = failure.error.slice(0, 500);
  if (attempts >= failure.maxAttempts) {
    await parkTransfer(tx, row.id, { attempts, error, at: meta.at });
    await noteSecuritiesTransfer(tx, row, {
      actor: meta.actor,
      at: meta.at,
      reasonCode: 'WORK_PARKED',
      reason: `parked after ${attempts} failed attempts: ${error}`,
    });
    await recordParkedWork(tx, row, `parked after ${attempts} failed attempts: ${error}`, meta);
    return outcomeOf(row, 'PARKED', error);
  }
  const delaySeconds = Math.min(failure.backoffSeconds * 2 ** (attempts - 1), MAX_BACKOFF_SECONDS);
  const retryAt = new Date(Date.parse(meta.at) + delaySeconds * 1000).toISOString();
  // The lease becomes the back-off: nobody claims the transfer before retryAt.
  await backOffTransfer(tx, row.id, { attempts, error, retryAt });
  return outcomeOf(row, 'RETRY_SCHEDULED', `attempt ${attempts} failed; next try after ${retryAt}: ${error}`);
}

/** An operator's retry of a parked transfer: claimed again at once, with a fresh count of attempts. */
export async function retryParked(db: Executor, id: string, meta: ChangeMeta): Promise<CommandOutcome> {
  return await writeTransaction(db, async (tx) => unparkWork(tx, await requireTransfer(tx, { id }), meta));
}

async function unparkWork(
  tx: Executor,
  row: SecuritiesTransferRow,
  meta: ChangeMeta,
): Promise<CommandOutcome> {
  if (row.parkedAt === null) {
    throw new AppError('TRANSITION_NOT_ALLOWED', `securities transfer ${row.id} is not parked`);
  }
  await unparkTransfer(tx, row.id);
  await noteSecuritiesTransfer(tx, row, {
    actor: meta.actor,
    at: meta.at,
    reasonCode: 'WORK_RETRIED',
    reason: meta.reason ?? 'retried after being parked',
  });
  await resolveParkedWork(tx, row, meta);
  return outcomeOf(row, 'RETRIED');
}
