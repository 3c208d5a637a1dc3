import { z } from 'zod';
import {
  DELIVERY_STATES,
  listWebhookDeliveries,
  redeliverAsOperator,
} from '../../services/admin/webhook-deliveries.js';
import { audited } from '../../services/audit/operator-audit.js';
import { operatorProcedure, router } from '../../trpc.js';
import { ConsoleIdSchema } from './console-id.js';
import { operatorWrite, ReasonSchema } from './operator-write.js';

export const adminWebhooksRouter = router({
  deliveries: operatorProcedure('viewer')
    .input(z.strictObject({ state: z.enum(DELIVERY_STATES).default('failing') }))
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.db, input.state)),
  redeliver: operatorProcedure('operator')
    .input(
      z.strictObject({
        subscription_id: ConsoleIdSchema,
        event_seq: z.number().int().min(1),
        reason: ReasonSchema,
      }),
    )
    .mutation(({ ctx, input }) => {
      const write = operatorWrite(ctx, input);
      const subjectId = `${input.subscription_id}/${input.event_seq}`;
      audited(
        ctx,
        { action: 'delivery.redeliver', subjectKind: 'DELIVERY', subjectId, reason: input.reason },
        (tx) =>
          redeliverAsOperator(
            tx,
            { subscriptionId: input.subscription_id, eventSeq: input.event_seq },
            write,
          ),
      );
      return { ok: true as const };
    }),
});
