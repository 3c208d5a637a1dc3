import { z } from 'zod';

const Id = z.uuid();
const Reference = z.string().min(1).max(35);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Quantity = z.string().regex(/^[0-9]{1,15}(\.[0-9]{1,27})?$/);
const Source = z.string().max(200).optional();
const Isin = z.string().regex(/^[A-Z]{2}[A-Z0-9]{9}[0-9]$/);
/** The message as received, kept with an exception when it is not booked (a FIN text block holds ≤ 10,000). */
const Raw = z.string().max(20_000).optional();
const ReasonCode = z.string().min(1).max(35);
const Narrative = z.string().max(500).optional();
const SafekeepingAccount = z.string().min(1).max(35);
/** What a status advice says the instruction is about (MT548 SETTRAN): matched against ours when present. */
const AdvisedShape = { isin: Isin.optional(), safekeepingAccount: SafekeepingAccount.optional() };
/** A custodian status as `<qualifier>//<code>`, e.g. `CPRC//DEND`, `MTCH//NMAT`. */
const CustodianStatus = z.string().min(1).max(40);

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
  /** What the confirmation says, matched against what we instructed before anything is booked. */
  messageType: z.enum(['MT544', 'MT546']),
  isin: Isin,
  /** Our safekeeping account as the custodian names it (`:97A::SAFE//`). */
  safekeepingAccount: SafekeepingAccount,
  source: Source,
  raw: Raw,
});
export const ApplyReversalCommandSchema = z.object({
  messageReference: Reference,
  previousReference: Reference,
  /** When given, matched against the transfer of the confirmation it reverses. */
  messageType: z.enum(['MT544', 'MT546']).optional(),
  ...AdvisedShape,
  source: Source,
  raw: Raw,
});
export const ApplyRejectionCommandSchema = z.object({
  ...TransferRefShape,
  ...AdvisedShape,
  messageReference: Reference,
  reasonCode: ReasonCode,
  narrative: Narrative,
  source: Source,
  raw: Raw,
});
export const ConfirmCancellationCommandSchema = z.object({
  ...TransferRefShape,
  ...AdvisedShape,
  messageReference: Reference,
  source: Source,
  raw: Raw,
});
/** The custodian refused our cancellation request (MT548 CAST with REJT or CPRC//DEND). */
export const DenyCancellationCommandSchema = z.object({
  ...TransferRefShape,
  ...AdvisedShape,
  messageReference: Reference,
  status: CustodianStatus,
  reasonCode: ReasonCode.optional(),
  narrative: Narrative,
  source: Source,
  raw: Raw,
});
/** Any other status advice (matched, unmatched, pending…): stored on the transfer and in its history. */
export const RecordCustodianStatusCommandSchema = z.object({
  ...TransferRefShape,
  ...AdvisedShape,
  messageReference: Reference,
  /** INST: about the instruction; CAST: about our cancellation request. */
  function: z.enum(['INST', 'CAST']),
  status: CustodianStatus,
  reasonCode: ReasonCode.optional(),
  narrative: Narrative,
  source: Source,
  raw: Raw,
});
/** A message the worker cannot apply at all (unreadable, or naming our references the wrong way). */
export const RecordExceptionCommandSchema = z.object({
  reasonCode: z.string().min(1).max(64),
  detail: z.string().min(1).max(1000),
  messageType: z.string().max(10).optional(),
  messageReference: Reference.optional(),
  relatedReference: Reference.optional(),
  source: Source,
  raw: Raw,
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
  DenyCancellationCommandSchema.extend({ op: z.literal('denyCancellation') }),
  RecordCustodianStatusCommandSchema.extend({ op: z.literal('recordCustodianStatus') }),
  RecordExceptionCommandSchema.extend({ op: z.literal('recordException') }),
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
