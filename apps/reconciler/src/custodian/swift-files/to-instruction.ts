import type { WorkItem } from '../../api-client.js';
import { safekeepingAccountOf } from '../../references.js';
import { referenceProblem } from '../swift/charset.js';
import { instructionKindFor, type SettlementInstruction } from '../swift/settlement-instruction.js';

export interface Bics {
  /** Our BIC (sender). */
  own: string;
  /** The custodian's BIC (receiver). */
  custodian: string;
  /** Place of settlement when the transfer names none. */
  defaultPlaceOfSettlement: string;
}

/** The MT540/MT542 for a claimed transfer. */
export function instructionFor(
  item: WorkItem,
  reference: string,
  bics: Bics,
  today: string,
): SettlementInstruction {
  const tradeDate = item.tradeDate ?? today;
  const counterparty = {
    bic: item.counterparty.bic,
    ...(item.counterparty.accountNumber !== null ? { accountNumber: item.counterparty.accountNumber } : {}),
    ...(item.counterparty.name !== null ? { name: item.counterparty.name } : {}),
  };
  return {
    kind: instructionKindFor(item.direction),
    reference,
    senderBic: bics.own,
    receiverBic: bics.custodian,
    isin: item.isin,
    quantity: item.quantity,
    tradeDate,
    settlementDate: item.settlementDate ?? tradeDate,
    safekeepingAccount: safekeepingAccountOf(item.accountId),
    counterparty,
    placeOfSettlement: item.placeOfSettlement ?? bics.defaultPlaceOfSettlement,
    // The settlement reference is shared with the counterparty (:20C::COMM) when it fits 16x.
    ...(referenceProblem(item.settlementReference) === undefined
      ? { clientReference: item.settlementReference }
      : {}),
  };
}
