import type { Context } from '../context.js';
import type { Executor } from '../db/types.js';
import { actorLabel } from '../services/actor.js';
import { takeDeferredNonce } from '../services/auth/nonces.js';
import { type Claim, requestHash } from '../services/idempotency.js';
import type { ChangeMeta } from '../services/transitions.js';
import type { WriteCommand } from '../services/write/commands.js';
import { submitWriteCommand, type WriteOutcome, writeBatcherFor } from '../services/write/group-commit.js';
import { markCheckedByCommand } from './command-output.js';

export function changeMeta(ctx: Context, extra: Partial<ChangeMeta> = {}): ChangeMeta {
  return { actor: actorLabel(ctx.actor), at: ctx.clock.now().toISOString(), ...extra };
}

/** The idempotency claim of a write, if the request named a key; one clock read for the claim and the change. */
function claimFor(
  ctx: Context,
  tenantId: string,
  operation: string,
  request: unknown,
  now: Date,
): Claim | undefined {
  const key = ctx.idempotencyKey;
  return key === undefined
    ? undefined
    : { tenantId, key, operation, hash: requestHash(operation, request), now };
}

function answer<T>(ctx: Context, outcome: WriteOutcome<unknown>): T {
  if (outcome.replayed) ctx.setHeader('idempotent-replayed', 'true');
  return outcome.value as T;
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
  execute: (tx: Executor, meta: ChangeMeta) => T | Promise<T>,
): Promise<T> {
  const now = ctx.clock.now();
  const meta: ChangeMeta = { actor: actorLabel(ctx.actor), at: now.toISOString() };
  const claim = claimFor(ctx, tenantId, operation, request, now);
  const nonce = takeDeferredNonce(ctx.deferredNonce);
  return answer<T>(ctx, await writeBatcherFor(ctx.db).submit(claim, (tx) => execute(tx, meta), nonce));
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
  const now = ctx.clock.now();
  const command = build({ actor: actorLabel(ctx.actor), at: now.toISOString() });
  const claim = claimFor(ctx, command.tenantId, command.op, request, now);
  const nonce = takeDeferredNonce(ctx.deferredNonce);
  const outcome = await submitWriteCommand(ctx.db, claim, command, nonce);
  // A fresh result was parsed with its contract schema by the command; a replay was not.
  if (!outcome.replayed) markCheckedByCommand(outcome.value);
  return answer<T>(ctx, outcome);
}
