import type { Context } from '../context.js';
import type { Executor } from '../db/types.js';
import { actorLabel } from '../services/actor.js';
import { requestHash } from '../services/idempotency.js';
import type { ChangeMeta } from '../services/transitions.js';
import { submitWriteCommand, writeBatcherFor } from '../services/write-batcher.js';
import type { WriteCommand } from '../services/write-commands.js';

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

/**
 * The same for the transfer writes, named as commands so they can run on the
 * writer thread; `T` is the resource the command answers with.
 */
export async function idempotentCommand<T>(
  ctx: Context,
  request: unknown,
  build: (meta: ChangeMeta) => Extract<WriteCommand, { tenantId: string; meta: ChangeMeta }>,
): Promise<T> {
  const command = build(changeMeta(ctx));
  const key = ctx.idempotencyKey;
  const claim =
    key === undefined
      ? undefined
      : {
          tenantId: command.tenantId,
          key,
          operation: command.op,
          hash: requestHash(command.op, request),
          now: ctx.clock.now(),
        };
  const result = await submitWriteCommand(ctx.db, claim, command);
  if (result.replayed) ctx.setHeader('idempotent-replayed', 'true');
  return result.value as T;
}
