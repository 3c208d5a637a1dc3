import type { Executor } from '../../db/types.js';
import { findAppliedChange, insertAppliedChange } from '../../repositories/applied-changes.js';
import type { CommandOutcome } from './outcome.js';

/**
 * Runs `apply` at most once per key (a custodian message reference, a
 * statement reference…): its change and the key commit in one transaction,
 * a repeat answers the first outcome with `ALREADY_APPLIED`.
 */
export async function applyOnce(
  tx: Executor,
  key: string,
  at: string,
  apply: () => Promise<CommandOutcome>,
): Promise<CommandOutcome> {
  const seen = await findAppliedChange(tx, key);
  if (seen) {
    const first = JSON.parse(seen.result ?? '{}') as Partial<CommandOutcome>;
    return {
      id: seen.transferId,
      status: first.status ?? null,
      outcome: 'ALREADY_APPLIED',
      detail: `${key} was applied before (${first.outcome ?? 'unknown'})`,
    };
  }
  const outcome = await apply();
  await insertAppliedChange(tx, { key, transferId: outcome.id, result: JSON.stringify(outcome), at });
  return outcome;
}
