import type { Context } from '../context.js';
import { actorLabel } from '../services/actor.js';
import { takeDeferredNonce } from '../services/auth/nonces.js';
import { type Claim, requestHash } from '../services/idempotency.js';
import type { ChangeMeta } from '../services/transitions.js';
import type { WriteCommand } from '../services/write/commands.js';
import type { WriteOutcome } from '../services/write/port.js';
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
 * Runs a tenant's write – a named command – through the write port under
 * its idempotency key, and flags replays; `T` is what the command answers.
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
  const outcome = await ctx.writes.submit(claim, command, nonce);
  // A fresh result was parsed with its contract schema by the command; a replay was not.
  if (!outcome.replayed) markCheckedByCommand(outcome.value);
  return answer<T>(ctx, outcome);
}
