import {
  AccountTransferSchema,
  type CreateAccountTransferRequest,
  type CreateSecuritiesTransferRequest,
  SecuritiesTransferSchema,
} from '@tbo/contracts';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { AppError } from '../../domain/errors.js';
import { type RedeliverScope, redeliverEvent, redeliverFailedSince } from '../../webhooks/redeliver.js';
import {
  createSubscription,
  deleteSubscription,
  type NewSubscription,
  updateSubscription,
} from '../../webhooks/subscriptions.js';
import { cancelAccountTransfer, createAccountTransfer } from '../account-transfers.js';
import { recordNonceIn } from '../auth/nonces.js';
import { cancelSecuritiesTransfer, createSecuritiesTransfer } from '../securities-transfers.js';
import type { ChangeMeta } from '../transitions.js';

/**
 * Every write a client makes, by name: plain data (no closures), so it can
 * be posted to the writer thread and replayed there.
 */
export type WriteCommand =
  | {
      op: 'securitiesTransfers.create';
      tenantId: string;
      request: CreateSecuritiesTransferRequest;
      meta: ChangeMeta;
    }
  | { op: 'securitiesTransfers.cancel'; tenantId: string; id: string; meta: ChangeMeta }
  | {
      op: 'accountTransfers.create';
      tenantId: string;
      request: CreateAccountTransferRequest;
      meta: ChangeMeta;
    }
  | { op: 'accountTransfers.cancel'; tenantId: string; id: string; meta: ChangeMeta }
  | { op: 'signatureNonce.use'; tenantId: string; nonce: string; expiresAt: string; now: string }
  | { op: 'webhooks.create'; tenantId: string; subscription: NewSubscription; meta: ChangeMeta }
  | {
      op: 'webhooks.update';
      tenantId: string;
      id: string;
      patch: Partial<NewSubscription>;
      meta: ChangeMeta;
    }
  | { op: 'webhooks.delete'; tenantId: string; id: string; meta: ChangeMeta }
  | { op: 'webhooks.redeliver'; tenantId: string; scope: RedeliverScope; eventId: string; meta: ChangeMeta }
  | {
      op: 'webhooks.redeliverFailed';
      tenantId: string;
      scope: RedeliverScope;
      since: string;
      meta: ChangeMeta;
    };

/** The resource as its contract defines it; a mismatch is the service's fault (500), never the client's. */
function contractResource<T>(schema: z.ZodType<T>, resource: unknown): T {
  const parsed = schema.safeParse(resource);
  if (!parsed.success) {
    throw new AppError('INTERNAL', 'An unexpected error occurred; quote the request_id to support', {
      cause: new Error(`the response breaks its contract: ${parsed.error.message}`),
    });
  }
  return parsed.data;
}

/** The contract each transfer command answers with. */
const ANSWER_SCHEMAS: Partial<Record<WriteCommand['op'], z.ZodType>> = {
  'securitiesTransfers.create': SecuritiesTransferSchema,
  'securitiesTransfers.cancel': SecuritiesTransferSchema,
  'accountTransfers.create': AccountTransferSchema,
  'accountTransfers.cancel': AccountTransferSchema,
};

/**
 * Runs the command. A transfer command answers with the resource parsed by
 * its contract schema, inside the write: a response that breaks the contract
 * fails the write (500) instead of being committed and replayed.
 */
export async function runCommand(db: Db, command: WriteCommand): Promise<unknown> {
  const answer = await execute(db, command);
  const schema = ANSWER_SCHEMAS[command.op];
  return schema ? contractResource(schema, answer) : answer;
}

async function execute(db: Db, command: WriteCommand): Promise<unknown> {
  switch (command.op) {
    case 'securitiesTransfers.create':
      return await createSecuritiesTransfer(db, command.tenantId, command.request, command.meta);
    case 'securitiesTransfers.cancel':
      return await cancelSecuritiesTransfer(db, command.tenantId, command.id, command.meta);
    case 'accountTransfers.create':
      return await createAccountTransfer(db, command.tenantId, command.request, command.meta);
    case 'accountTransfers.cancel':
      return await cancelAccountTransfer(db, command.tenantId, command.id, command.meta);
    case 'signatureNonce.use':
      return await recordNonceIn(db, command);
    case 'webhooks.create':
      return await createSubscription(db, command.tenantId, command.subscription, command.meta.at);
    case 'webhooks.update':
      return await updateSubscription(db, command.tenantId, command.id, command.patch, command.meta.at);
    case 'webhooks.delete':
      return {
        ...(await deleteSubscription(db, command.tenantId, command.id, command.meta.at)),
        deleted: true,
      };
    case 'webhooks.redeliver':
      return {
        redelivered: await redeliverEvent(db, command.eventId, command.scope, new Date(command.meta.at)),
      };
    case 'webhooks.redeliverFailed':
      return {
        redelivered: await redeliverFailedSince(
          db,
          new Date(command.since),
          command.scope,
          new Date(command.meta.at),
        ),
      };
    default:
      return unknownCommand(command);
  }
}

function unknownCommand(command: never): never {
  throw new Error(`unknown write command ${(command as { op: string }).op}`);
}
