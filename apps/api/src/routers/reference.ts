import { UuidSchema } from '@tbo/contracts';
import { z } from 'zod';
import { getAccount, listAccounts, listInstruments, listPositions } from '../services/reference.js';
import { clientProcedure, router } from '../trpc.js';

const AccountSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  account_group_id: z.string(),
  name: z.string(),
  status: z.string(),
  created_at: z.string(),
});
const PositionSchema = z.object({
  account_id: z.string(),
  isin: z.string(),
  quantity: z.string(),
  reserved: z.string(),
  available_whole_units: z.string(),
  updated_at: z.string(),
});
const InstrumentSchema = z.object({
  isin: z.string(),
  name: z.string(),
  place_of_settlement: z.string(),
  enabled: z.boolean(),
});

/** Reference data a client needs to form valid requests. */
export const referenceRouter = router({
  accounts: clientProcedure('transfers:read')
    .input(z.strictObject({ user_id: UuidSchema.optional() }).optional())
    .output(z.array(AccountSchema))
    .query(({ ctx, input }) => listAccounts(ctx.db, ctx.tenantId, input?.user_id)),
  account: clientProcedure('transfers:read')
    .input(z.strictObject({ id: UuidSchema }))
    .output(AccountSchema)
    .query(({ ctx, input }) => getAccount(ctx.db, ctx.tenantId, input.id)),
  positions: clientProcedure('transfers:read')
    .input(z.strictObject({ account_id: UuidSchema }))
    .output(z.array(PositionSchema))
    .query(({ ctx, input }) => listPositions(ctx.db, ctx.tenantId, input.account_id)),
  instruments: clientProcedure('transfers:read')
    .output(z.array(InstrumentSchema))
    .query(({ ctx }) => listInstruments(ctx.db)),
});
