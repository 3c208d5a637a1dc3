import { prepared } from '../../db/sql.js';
import type { Executor } from '../../db/types.js';
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
  const seen = prepared(
    tx,
    'SELECT transfer_id AS transferId, result FROM applied_changes WHERE change_key = ?',
  ).get(key) as { transferId: string | null; result: string | null } | undefined;
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
  prepared(
    tx,
    'INSERT INTO applied_changes (change_key, transfer_id, result, applied_at) VALUES (?, ?, ?, ?)',
  ).run(key, outcome.id, JSON.stringify(outcome), at);
  return outcome;
}
