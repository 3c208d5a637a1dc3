import { marketDate } from '@tbo/contracts';
import { z } from 'zod';
import type { Context } from '../../context.js';
import { actorLabel } from '../../services/actor.js';
import type { OperatorWrite } from '../../services/admin/transfer-actions.js';
import { type AuditActor, auditActorOf } from '../../services/audit/operator-audit.js';

/** Every console write states why; the reason lands in the transfer's history. */
export const ReasonSchema = z
  .string()
  .trim()
  .min(3, 'a reason of at least 3 characters is required')
  .max(500, 'at most 500 characters');

export const ExpectedUpdatedAtSchema = z.string().max(40).optional();

export function operatorWrite(
  ctx: Context,
  input: { reason: string; expected_updated_at?: string | undefined },
): OperatorWrite {
  return {
    actor: actorLabel(ctx.actor),
    at: ctx.clock.now().toISOString(),
    reason: input.reason,
    expectedUpdatedAt: input.expected_updated_at,
  };
}

/** A console command's who and why: the audit log's actor and the transfer history's write. */
export function repairOf(
  ctx: Context,
  input: { reason: string; expected_updated_at?: string | undefined },
): { by: AuditActor; write: OperatorWrite } {
  return { by: auditActorOf(ctx), write: operatorWrite(ctx, input) };
}

/** A console command's who and when. */
export function actingOf(ctx: Context): { by: AuditActor; at: string } {
  return { by: auditActorOf(ctx), at: ctx.clock.now().toISOString() };
}

export function todayOf(ctx: Context): string {
  return marketDate(ctx.clock.now());
}
