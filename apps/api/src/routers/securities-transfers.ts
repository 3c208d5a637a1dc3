import {
  CreateSecuritiesTransferRequestSchema,
  ListSecuritiesTransfersQuerySchema,
  SecuritiesTransferSchema,
  TransferIdParamsSchema,
} from '@tbo/contracts';
import {
  cancelSecuritiesTransfer,
  createSecuritiesTransfer,
  getSecuritiesTransfer,
  listSecuritiesTransfers,
} from '../services/securities-transfers.js';
import { clientProcedure, router } from '../trpc.js';
import { SecuritiesTransfersListOutput } from './list-output.js';
import { idempotentWrite } from './mutation-meta.js';

export const securitiesTransfersRouter = router({
  create: clientProcedure('transfers:admin')
    .input(CreateSecuritiesTransferRequestSchema)
    .output(SecuritiesTransferSchema)
    .mutation(({ ctx, input }) =>
      idempotentWrite(ctx, ctx.tenantId, 'securitiesTransfers.create', input, (tx, meta) =>
        createSecuritiesTransfer(tx, ctx.tenantId, input, meta),
      ),
    ),
  get: clientProcedure('transfers:read')
    .input(TransferIdParamsSchema)
    .output(SecuritiesTransferSchema)
    .query(({ ctx, input }) => getSecuritiesTransfer(ctx.db, ctx.tenantId, input.id)),
  list: clientProcedure('transfers:read')
    .input(ListSecuritiesTransfersQuerySchema)
    .output(SecuritiesTransfersListOutput)
    .query(({ ctx, input }) => listSecuritiesTransfers(ctx.db, ctx.tenantId, input)),
  cancel: clientProcedure('transfers:admin')
    .input(TransferIdParamsSchema)
    .output(SecuritiesTransferSchema)
    .mutation(({ ctx, input }) =>
      idempotentWrite(ctx, ctx.tenantId, 'securitiesTransfers.cancel', input, (tx, meta) =>
        cancelSecuritiesTransfer(tx, ctx.tenantId, input.id, meta),
      ),
    ),
});
