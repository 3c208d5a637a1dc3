import type { WorkItem } from '../api-client.js';
import { instructionKindFor, type SettlementInstruction } from './swift/settlement-instruction.js';

export interface Bics {
  /** Our BIC (sender). */
  own: string;
  /** The custodian's BIC (receiver). */
  custodian: string;
  /** Place of settlement when the transfer names none. */
  defaultPlaceOfSettlement: string;
}

export const DEFAULT_BICS: Bics = {
  own: 'TBOBDEFFXXX',
  custodian: 'CUSTDEFFXXX',
  defaultPlaceOfSettlement: 'DAKVDEFFXXX',
};

/**
 * The MT540/MT542 for a claimed transfer. Every adapter builds and checks
 * it (the simulated custodian too), so the sandbox refuses exactly what the
 * SWIFT writer cannot carry.
 */
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
    quantityType: item.quantityType,
    tradeDate,
    settlementDate: item.settlementDate ?? tradeDate,
    safekeepingAccount: item.safekeepingAccount,
    counterparty,
    placeOfSettlement: item.placeOfSettlement ?? bics.defaultPlaceOfSettlement,
    // Carried in full: :20C::COMM when it fits 16x, else :70E::SPRO narrative (write-instruction.ts).
    clientReference: item.settlementReference,
  };
}
