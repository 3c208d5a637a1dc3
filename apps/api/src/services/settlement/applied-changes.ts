import { eq } from 'drizzle-orm';
import { appliedChanges } from '../../db/schema/index.js';
import type { Executor } from '../../db/types.js';
import type { CommandOutcome } from './outcome.js';

/**
 * Runs `apply` at most once per key (a custodian message reference, a
 * statement reference…): its change and the key commit in one transaction,
 * a repeat answers the first outcome with `ALREADY_APPLIED`.
 */
export function applyOnce(
  tx: Executor,
  key: string,
  at: string,
  apply: () => CommandOutcome,
): CommandOutcome {
  const seen = tx.select().from(appliedChanges).where(eq(appliedChanges.changeKey, key)).get();
  if (seen) {
    const first = JSON.parse(seen.result ?? '{}') as Partial<CommandOutcome>;
    return {
      id: seen.transferId,
      status: first.status ?? null,
      outcome: 'ALREADY_APPLIED',
      detail: `${key} was applied before (${first.outcome ?? 'unknown'})`,
    };
  }
  const outcome = apply();
  tx.insert(appliedChanges)
    .values({ changeKey: key, transferId: outcome.id, result: JSON.stringify(outcome), appliedAt: at })
    .run();
  return outcome;
}
