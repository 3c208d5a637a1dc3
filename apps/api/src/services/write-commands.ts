import type { CreateAccountTransferRequest, CreateSecuritiesTransferRequest } from '@tbo/contracts';
import type { Db } from '../db/client.js';
import { cancelAccountTransfer, createAccountTransfer } from './account-transfers.js';
import { useNonce } from './auth/nonces.js';
import { cancelSecuritiesTransfer, createSecuritiesTransfer } from './securities-transfers.js';
import type { ChangeMeta } from './transitions.js';

/**
 * The client writes that may run on the writer thread: plain data (no
 * closures), so they can be posted to it and replayed there by name.
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
  | { op: 'signatureNonce.use'; tenantId: string; nonce: string; expiresAt: string; now: string };

export function runCommand(db: Db, command: WriteCommand): unknown {
  switch (command.op) {
    case 'securitiesTransfers.create':
      return createSecuritiesTransfer(db, command.tenantId, command.request, command.meta);
    case 'securitiesTransfers.cancel':
      return cancelSecuritiesTransfer(db, command.tenantId, command.id, command.meta);
    case 'accountTransfers.create':
      return createAccountTransfer(db, command.tenantId, command.request, command.meta);
    case 'accountTransfers.cancel':
      return cancelAccountTransfer(db, command.tenantId, command.id, command.meta);
    case 'signatureNonce.use':
      return useNonce(db, command);
  }
}
