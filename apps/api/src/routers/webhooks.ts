import {
  CreateWebhookRequestSchema,
  EventLogQuerySchema,
  EventLogResponseSchema,
  ListAttemptsResponseSchema,
  ListDeliveriesResponseSchema,
  ListWebhooksResponseSchema,
  PublicKeysResponseSchema,
  RedeliverResponseSchema,
  type Webhook,
  WebhookSchema,
} from '@tbo/contracts';
import { z } from 'zod';
import type { Context } from '../context.js';
import { runWrite } from '../services/write/port.js';
import { clientProcedure, publicProcedure, router } from '../trpc.js';
import { listAttempts, listDeliveries } from '../webhooks/delivery-log.js';
import { readEventLog } from '../webhooks/event-log.js';
import {
  DeliveryLogInputSchema,
  RedeliverEventRequestSchema,
  RedeliverFailedRequestSchema,
  UpdateWebhookInputSchema,
  WebhookIdParamsSchema,
} from '../webhooks/schemas.js';
import { listPublicKeys } from '../webhooks/service-keys.js';
import { listSubscriptions, requireSubscription, toWebhook } from '../webhooks/subscriptions.js';
import { validateTargetUrl } from '../webhooks/target-url.js';
import { idempotentCommand } from './mutation-meta.js';

const checkUrl = (ctx: Context, url: string) => validateTargetUrl(url, { live: ctx.config.live });

/** Webhook subscriptions of the calling tenant, their delivery log and event log. */
export const webhooksRouter = router({
  create: clientProcedure('webhooks:admin')
    .input(CreateWebhookRequestSchema)
    .output(WebhookSchema)
    .mutation(async ({ ctx, input }) => {
      const url = await checkUrl(ctx, input.url);
      return idempotentCommand<Webhook>(ctx, input, (meta) => ({
        op: 'webhooks.create',
        tenantId: ctx.tenantId,
        subscription: { url, eventTypes: input.event_types, enabled: input.enabled },
        meta,
      }));
    }),
  list: clientProcedure('webhooks:read')
    .output(ListWebhooksResponseSchema)
    .query(async ({ ctx }) => ({ data: await listSubscriptions(ctx.db, ctx.tenantId) })),
  get: clientProcedure('webhooks:read')
    .input(WebhookIdParamsSchema)
    .output(WebhookSchema)
    .query(async ({ ctx, input }) => toWebhook(await requireSubscription(ctx.db, ctx.tenantId, input.id))),
  update: clientProcedure('webhooks:admin')
    .input(UpdateWebhookInputSchema)
    .output(WebhookSchema)
    .mutation(async ({ ctx, input }) => {
      await requireSubscription(ctx.db, ctx.tenantId, input.id);
      const url = input.url === undefined ? undefined : await checkUrl(ctx, input.url);
      return idempotentCommand<Webhook>(ctx, input, (meta) => ({
        op: 'webhooks.update',
        tenantId: ctx.tenantId,
        id: input.id,
        patch: { url, eventTypes: input.event_types, enabled: input.enabled },
        meta,
      }));
    }),
  delete: clientProcedure('webhooks:admin')
    .input(WebhookIdParamsSchema)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      idempotentCommand<{ id: string; deleted: true }>(ctx, input, (meta) => ({
        op: 'webhooks.delete',
        tenantId: ctx.tenantId,
        id: input.id,
        meta,
      })),
    ),
  events: clientProcedure('webhooks:read')
    .input(EventLogQuerySchema.optional())
    .output(EventLogResponseSchema)
    .query(({ ctx, input }) => readEventLog(ctx.db, ctx.writes, ctx.tenantId, input ?? {})),
  publicKeys: publicProcedure.output(PublicKeysResponseSchema).query(async ({ ctx }) => {
    const published = await listPublicKeys(ctx.db);
    if (published.keys.length > 0) return published;
    // Asked before the first delivery: the key is generated now, through the write port.
    await runWrite(ctx.writes, { op: 'webhooks.ensureSigningKey', now: ctx.clock.now().toISOString() });
    return await listPublicKeys(ctx.db);
  }),
  deliveries: clientProcedure('webhooks:read')
    .input(DeliveryLogInputSchema)
    .output(ListDeliveriesResponseSchema)
    .query(async ({ ctx, input }) => {
      await requireSubscription(ctx.db, ctx.tenantId, input.id);
      const filter = { tenantId: ctx.tenantId, subscriptionId: input.id, eventId: input.event_id };
      return {
        data: await listDeliveries(ctx.db, {
          ...filter,
          objectId: input.object_id,
          state: input.state,
          limit: input.limit,
        }),
      };
    }),
  attempts: clientProcedure('webhooks:read')
    .input(DeliveryLogInputSchema.omit({ state: true }))
    .output(ListAttemptsResponseSchema)
    .query(async ({ ctx, input }) => {
      await requireSubscription(ctx.db, ctx.tenantId, input.id);
      const filter = { tenantId: ctx.tenantId, subscriptionId: input.id, eventId: input.event_id };
      return {
        data: await listAttempts(ctx.db, { ...filter, objectId: input.object_id, limit: input.limit }),
      };
    }),
  redeliver: clientProcedure('webhooks:admin')
    .input(RedeliverEventRequestSchema)
    .output(RedeliverResponseSchema)
    .mutation(async ({ ctx, input }) => {
      await requireSubscription(ctx.db, ctx.tenantId, input.id);
      const scope = { tenantId: ctx.tenantId, subscriptionId: input.id };
      // Under the idempotency key: a retried redeliver replays its first answer.
      return idempotentCommand<{ redelivered: number }>(ctx, input, (meta) => ({
        op: 'webhooks.redeliver',
        tenantId: ctx.tenantId,
        scope,
        eventId: input.event_id,
        meta,
      }));
    }),
  redeliverFailed: clientProcedure('webhooks:admin')
    .input(RedeliverFailedRequestSchema)
    .output(RedeliverResponseSchema)
    .mutation(async ({ ctx, input }) => {
      await requireSubscription(ctx.db, ctx.tenantId, input.id);
      const scope = { tenantId: ctx.tenantId, subscriptionId: input.id };
      return idempotentCommand<{ redelivered: number }>(ctx, input, (meta) => ({
        op: 'webhooks.redeliverFailed',
        tenantId: ctx.tenantId,
        scope,
        since: input.since,
        meta,
      }));
    }),
});
