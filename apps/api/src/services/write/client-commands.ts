import type { CreateAccountTransferRequest, CreateSecuritiesTransferRequest } from '@tbo/contracts';
import { type RedeliverScope, redeliverEvent, redeliverFailedSince } from '../../webhooks/redeliver.js';
import {
  createSubscription,
  deleteSubscription,
  type NewSubscription,
  updateSubscription,
} from '../../webhooks/subscriptions.js';
import { cancelAccountTransfer, createAccountTransfer } from '../account-transfers.js';
import { type NonceUse, recordNonceIn } from '../auth/nonces.js';
import { cancelSecuritiesTransfer, createSecuritiesTransfer } from '../securities-transfers.js';
import type { ChangeMeta } from '../transitions.js';
import { defineCommands } from './command-table.js';

interface TenantChange {
  tenantId: string;
  meta: ChangeMeta;
}

/** Every write a client makes over REST or /trpc. */
export const clientCommands = defineCommands({
  'securitiesTransfers.create': async (db, c: TenantChange & { request: CreateSecuritiesTransferRequest }) =>
    await createSecuritiesTransfer(db, c.tenantId, c.request, c.meta),
  'securitiesTransfers.cancel': async (db, c: TenantChange & { id: string }) =>
    await cancelSecuritiesTransfer(db, c.tenantId, c.id, c.meta),
  'accountTransfers.create': async (db, c: TenantChange & { request: CreateAccountTransferRequest }) =>
    await createAccountTransfer(db, c.tenantId, c.request, c.meta),
  'accountTransfers.cancel': async (db, c: TenantChange & { id: string }) =>
    await cancelAccountTransfer(db, c.tenantId, c.id, c.meta),
  'signatureNonce.use': async (db, c: NonceUse) => await recordNonceIn(db, c),
  'webhooks.create': async (db, c: TenantChange & { subscription: NewSubscription }) =>
    await createSubscription(db, c.tenantId, c.subscription, c.meta.at),
  'webhooks.update': async (db, c: TenantChange & { id: string; patch: Partial<NewSubscription> }) =>
    await updateSubscription(db, c.tenantId, c.id, c.patch, c.meta.at),
  'webhooks.delete': async (db, c: TenantChange & { id: string }) => ({
    ...(await deleteSubscription(db, c.tenantId, c.id, c.meta.at)),
    deleted: true as const,
  }),
  'webhooks.redeliver': async (db, c: TenantChange & { scope: RedeliverScope; eventId: string }) => ({
    redelivered: await redeliverEvent(db, c.eventId, c.scope, new Date(c.meta.at)),
  }),
  'webhooks.redeliverFailed': async (db, c: TenantChange & { scope: RedeliverScope; since: string }) => ({
    redelivered: await redeliverFailedSince(db, new Date(c.since), c.scope, new Date(c.meta.at)),
  }),
});
