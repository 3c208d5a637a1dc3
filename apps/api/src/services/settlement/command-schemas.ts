import { z } from 'zod';

const Id = z.uuid();
const Reference = z.string().min(1).max(35);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Quantity = z.string().regex(/^[0-9]{1,15}(\.[0-9]{1,27})?$/);
const Source = z.string().max(200).optional();

/** Our transfer id or our reference at the custodian (`:20C::SEME` of the instruction). */
const TransferRefShape = { id: Id.optional(), custodianReference: Reference.optional() };

export const ValidateCommandSchema = z.object({ id: Id });
export const RecordInstructionCommandSchema = z.object({ id: Id, custodianReference: z.string() });
export const RefuseInstructionCommandSchema = z.object({
  id: Id,
  reasonCode: z.string().min(1).max(64),
  reason: z.string().max(500),
});
export const MarkCancellationForwardedCommandSchema = z.object({
  id: Id,
  cancellationReference: Reference,
});
export const ApplyConfirmationCommandSchema = z.object({
  ...TransferRefShape,
  messageReference: Reference,
  quantity: Quantity,
  effectiveDate: IsoDate,
  source: Source,
});
export const ApplyReversalCommandSchema = z.object({
  messageReference: Reference,
  previousReference: Reference,
  source: Source,
});
export const ApplyRejectionCommandSchema = z.object({
  ...TransferRefShape,
  messageReference: Reference,
  reasonCode: z.string().min(1).max(35),
  narrative: z.string().max(500).optional(),
  source: Source,
});
export const ConfirmCancellationCommandSchema = z.object({
  ...TransferRefShape,
  messageReference: Reference,
  source: Source,
});

export const FailWorkCommandSchema = z.object({
  id: Id,
  owner: z.string().min(1).max(100),
  error: z.string().max(2000),
  maxAttempts: z.number().int().min(1).max(100),
  backoffSeconds: z.number().int().min(0).max(86_400),
});

/** Every change the worker can ask for; `processBatch` applies many in one transaction. */
export const SettlementCommandSchema = z.discriminatedUnion('op', [
  ValidateCommandSchema.extend({ op: z.literal('validate') }),
  RecordInstructionCommandSchema.extend({ op: z.literal('recordInstruction') }),
  RefuseInstructionCommandSchema.extend({ op: z.literal('refuseInstruction') }),
  MarkCancellationForwardedCommandSchema.extend({ op: z.literal('markCancellationForwarded') }),
  ApplyConfirmationCommandSchema.extend({ op: z.literal('applyConfirmation') }),
  ApplyReversalCommandSchema.extend({ op: z.literal('applyReversal') }),
  ApplyRejectionCommandSchema.extend({ op: z.literal('applyRejection') }),
  ConfirmCancellationCommandSchema.extend({ op: z.literal('confirmCancellation') }),
  FailWorkCommandSchema.extend({ op: z.literal('failWork') }),
]);
export type SettlementCommand = z.infer<typeof SettlementCommandSchema>;

export const CommandOutcomeSchema = z.object({
  id: z.string().nullable(),
  status: z.string().nullable(),
  outcome: z.string(),
  detail: z.string().optional(),
});

export const CommandResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: CommandOutcomeSchema }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type CommandResult = z.infer<typeof CommandResultSchema>;

/**
 * The batch itself only checks that it is a list of objects: each command is
 * parsed on its own (`parseCommand`), so one malformed command fails alone
 * instead of refusing the whole batch.
 */
export const ProcessBatchRequestSchema = z.object({
  commands: z
    .array(z.custom<SettlementCommand>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)))
    .max(5000),
});
export const ProcessBatchResponseSchema = z.object({ results: z.array(CommandResultSchema) });
export type ProcessBatchResponse = z.infer<typeof ProcessBatchResponseSchema>;
