import { z } from 'zod';
import { KeysetInputShape } from '../../services/admin/keyset-page.js';
import { DELIVERY_STATES, listWebhookDeliveries } from '../../services/admin/webhook-deliveries.js';
import { webhookHealth } from '../../services/admin/webhook-health.js';
import { runWrite } from '../../services/write/port.js';
import { operatorProcedure, router } from '../../trpc.js';
import { attemptExchangeOf } from '../../webhooks/index.js';
import { ConsoleIdSchema } from './console-id.js';
import { ReasonSchema, repairOf } from './operator-write.js';

export const adminWebhooksRouter = router({
  deliveries: operatorProcedure('viewer')
    .input(z.strictObject({ state: z.enum(DELIVERY_STATES).default('failing'), ...KeysetInputShape }))
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.db, input.state, input)),
  /** Per subscription: failing since, last success, backlog. */
  health: operatorProcedure('viewer').query(({ ctx }) => webhookHealth(ctx.db)),
  /** One attempt's request and response as kept (bounded). */
  attempt: operatorProcedure('viewer')
    .input(z.strictObject({ id: z.number().int().min(1) }))
    .query(({ ctx, input }) => attemptExchangeOf(ctx.db, input.id)),
  redeliver: operatorProcedure('operator')
    .input(
      z.strictObject({
        subscription_id: ConsoleIdSchema,
        event_seq: z.number().int().min(1),
        reason: ReasonSchema,
      }),
    )
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, {
        op: 'console.delivery.redeliver',
        ...repairOf(ctx, input),
        subscriptionId: input.subscription_id,
        eventSeq: input.event_seq,
      }),
    ),
  /** Every event of one transfer again, to one subscription or (without it) to all. */
  redeliverTransfer: operatorProcedure('operator')
    .input(
      z.strictObject({
        kind: z.enum(['SECURITIES', 'ACCOUNT']),
        id: ConsoleIdSchema,
        subscription_id: ConsoleIdSchema.optional(),
        reason: ReasonSchema,
      }),
    )
    .mutation(async ({ ctx, input }) =>
      runWrite(ctx.writes, {
        op: 'console.transfer.redeliver',
        ...repairOf(ctx, input),
        kind: input.kind,
        id: input.id,
        subscriptionId: input.subscription_id,
      }),
    ),
});
