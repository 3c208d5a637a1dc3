import { z } from 'zod';
import { KeysetInputShape } from '../../services/admin/keyset-page.js';
import { redeliverTransferAsOperator } from '../../services/admin/transfer-redelivery.js';
import {
  DELIVERY_STATES,
  listWebhookDeliveries,
  redeliverAsOperator,
} from '../../services/admin/webhook-deliveries.js';
import { webhookHealth } from '../../services/admin/webhook-health.js';
import { audited } from '../../services/audit/operator-audit.js';
import { operatorProcedure, router } from '../../trpc.js';
import { attemptExchangeOf } from '../../webhooks/index.js';
import { ConsoleIdSchema } from './console-id.js';
import { operatorWrite, ReasonSchema } from './operator-write.js';

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
    .mutation(async ({ ctx, input }) => {
      const write = operatorWrite(ctx, input);
      const subjectId = `${input.subscription_id}/${input.event_seq}`;
      await audited(
        ctx,
        { action: 'delivery.redeliver', subjectKind: 'DELIVERY', subjectId, reason: input.reason },
        async (tx) =>
          redeliverAsOperator(
            tx,
            { subscriptionId: input.subscription_id, eventSeq: input.event_seq },
            write,
          ),
      );
      return { ok: true as const };
    }),
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
    .mutation(async ({ ctx, input }) => {
      const write = operatorWrite(ctx, input);
      return await audited(
        ctx,
        { action: 'transfer.redeliver', subjectKind: 'TRANSFER', subjectId: input.id, reason: input.reason },
        async (tx) =>
          redeliverTransferAsOperator(
            tx,
            { kind: input.kind, id: input.id, subscriptionId: input.subscription_id },
            write,
          ),
      );
    }),
});
