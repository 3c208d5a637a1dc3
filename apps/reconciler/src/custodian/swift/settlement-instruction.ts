/** MT540 = receive free (INCOMING transfer), MT542 = deliver free (OUTGOING transfer). */
export type InstructionKind = 'MT540' | 'MT542';

export interface InstructionCounterparty {
  /** BIC of the other custodian: delivering agent (MT540) or receiving agent (MT542). */
  bic: string;
  /** The end user's account at the counterparty, at most 28 SWIFT characters. */
  accountNumber?: string;
  /** The end user's name at the counterparty; written as up to 4 lines of 35 characters. */
  name?: string;
}

/** Everything a free-of-payment settlement instruction carries. */
export interface SettlementInstruction {
  kind: InstructionKind;
  /** Our unique reference (`:20C::SEME//`): 1 to 16 SWIFT characters. */
  reference: string;
  /** Our BIC (block 1). */
  senderBic: string;
  /** The custodian's BIC (block 2). */
  receiverBic: string;
  isin: string;
  /** Decimal string of whole units, e.g. "10". */
  quantity: string;
  /** YYYY-MM-DD */
  tradeDate: string;
  /** YYYY-MM-DD, not before the trade date. */
  settlementDate: string;
  /** Our safekeeping account at the custodian (`:97A::SAFE//`). */
  safekeepingAccount: string;
  counterparty: InstructionCounterparty;
  /** BIC of the place of settlement (the CSD), e.g. DAKVDEFFXXX. */
  placeOfSettlement: string;
  /** Reference shared with the counterparty, written as `:20C::COMM//` (1 to 16 SWIFT characters). */
  clientReference?: string;
}

/** Cancels `original` (a copy of it with `:23G:CANC`) under a new own reference. */
export interface CancellationRequest {
  original: SettlementInstruction;
  reference: string;
}

/** Settlement party qualifiers on the counterparty's side of each message. */
export const COUNTERPARTY_ROLES = {
  MT540: { agent: 'DEAG', owner: 'SELL' },
  MT542: { agent: 'REAG', owner: 'BUYR' },
} as const satisfies Record<InstructionKind, { agent: string; owner: string }>;

export function instructionKindFor(direction: 'INCOMING' | 'OUTGOING'): InstructionKind {
  return direction === 'INCOMING' ? 'MT540' : 'MT542';
}
