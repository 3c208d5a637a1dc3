import type { Context } from '../context.js';
import type { Executor } from '../db/types.js';
import { actorLabel } from '../services/actor.js';
import { runIdempotent } from '../services/idempotency.js';
import type { ChangeMeta } from '../services/transitions.js';

export function changeMeta(ctx: Context, extra: Partial<ChangeMeta> = {}): ChangeMeta {
  return { actor: actorLabel(ctx.actor), at: ctx.clock.now().toISOString(), ...extra };
}

/** Runs a tenant's write under its idempotency key and flags replays. */
export function idempotentWrite<T>(
  ctx: Context,
  tenantId: string,
  operation: string,
  request: unknown,
  execute: (tx: Executor, meta: ChangeMeta) => T,
): T {
  const meta = changeMeta(ctx);
  const result = runIdempotent(
    ctx.db,
    { tenantId, key: ctx.idempotencyKey, operation, request, now: ctx.clock.now() },
    (tx) => execute(tx, meta),
  );
  if (result.replayed) ctx.setHeader('idempotent-replayed', 'true');
  return result.value;
}
