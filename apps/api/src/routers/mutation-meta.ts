import type { Context } from '../context.js';
import type { Executor } from '../db/types.js';
import { actorLabel } from '../services/actor.js';
import { requestHash } from '../services/idempotency.js';
import type { ChangeMeta } from '../services/transitions.js';
import { writeBatcherFor } from '../services/write-batcher.js';

export function changeMeta(ctx: Context, extra: Partial<ChangeMeta> = {}): ChangeMeta {
  return { actor: actorLabel(ctx.actor), at: ctx.clock.now().toISOString(), ...extra };
}

/**
 * Runs a tenant's write under its idempotency key (group-committed with the
 * other writes of the same event-loop turn) and flags replays.
 */
export async function idempotentWrite<T>(
  ctx: Context,
  tenantId: string,
  operation: string,
  request: unknown,
  execute: (tx: Executor, meta: ChangeMeta) => T,
): Promise<T> {
  const meta = changeMeta(ctx);
  const key = ctx.idempotencyKey;
  const now = ctx.clock.now();
  const claim =
    key === undefined ? undefined : { tenantId, key, operation, hash: requestHash(operation, request), now };
  const result = await writeBatcherFor(ctx.db).submit(claim, (tx) => execute(tx, meta));
  if (result.replayed) ctx.setHeader('idempotent-replayed', 'true');
  return result.value;
}
