import type { QuantityType } from './field-values.js';

/** MT540 = receive free (INCOMING transfer), MT542 = deliver free (OUTGOING transfer). */
export type InstructionKind = 'MT540' | 'MT542';

export interface InstructionCounterparty {
  /** BIC of the other custodian: delivering agent (MT540) or receiving agent (MT542). */
  bic: string;
  /** The end user's account at the counterparty, at most 28 SWIFT characters (`:97A::SAFE` of SELL/BUYR). */
  accountNumber?: string;
  /** The end user's name at the counterparty; written as up to 4 lines of 35 characters (SELL/BUYR). */
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
  /** Decimal string of whole units (or of the face amount), e.g. "10". */
  quantity: string;
  /** UNIT (shares) or FAMT (face amount: bonds held in nominal). */
  quantityType: QuantityType;
  /** YYYY-MM-DD */
  tradeDate: string;
  /** YYYY-MM-DD, not before the trade date. */
  settlementDate: string;
  /** Our safekeeping account at the custodian (`:97A::SAFE//`). */
  safekeepingAccount: string;
  counterparty: InstructionCounterparty;
  /** BIC of the place of settlement (the CSD), e.g. DAKVDEFFXXX. */
  placeOfSettlement: string;
  /**
   * The client's settlement reference, carried in full: as `:20C::COMM//` when
   * it is a valid 16x reference, else as `:70E::SPRO//` narrative lines.
   */
  clientReference?: string;
}

/** Cancels `original` (a copy of it with `:23G:CANC`) under a new own reference. */
export interface CancellationRequest {
  original: SettlementInstruction;
  reference: string;
}

/**
 * Settlement party qualifiers on the counterparty's side of each message: the
 * other custodian is the delivering/receiving agent, the end user its client
 * (seller/buyer), whose account there is that party's `:97A::SAFE`.
 */
export const COUNTERPARTY_ROLES = {
  MT540: { agent: 'DEAG', owner: 'SELL' },
  MT542: { agent: 'REAG', owner: 'BUYR' },
} as const satisfies Record<InstructionKind, { agent: string; owner: string }>;

export function instructionKindFor(direction: 'INCOMING' | 'OUTGOING'): InstructionKind {
  return direction === 'INCOMING' ? 'MT540' : 'MT542';
}

/** The seller/buyer's name when only their account is known (custodians' specifications use it so). */
export const UNKNOWN_PARTY_NAME = 'UNKNOWN';
