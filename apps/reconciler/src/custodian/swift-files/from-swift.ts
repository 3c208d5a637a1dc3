import type { CustodianMessage } from '../adapter.js';
import type { SettlementConfirmation } from '../swift/parse-confirmation.js';
import type { ParsedSwiftMessage } from '../swift/parse-message.js';
import { statusAdviceMessage } from './status-advice.js';

function confirmationMessage(parsed: SettlementConfirmation): CustodianMessage {
  if (parsed.function === 'RVSL') {
    return {
      kind: 'reversal',
      messageReference: parsed.reference,
      previousReference: parsed.previousReference ?? '',
      messageType: parsed.type,
      isin: parsed.isin,
      ...(parsed.safekeepingAccount === undefined ? {} : { safekeepingAccount: parsed.safekeepingAccount }),
    };
  }
  // :97a::SAFE is mandatory in FIAC: without it nothing says whose units moved.
  if (parsed.safekeepingAccount === undefined) {
    return {
      kind: 'exception',
      reasonCode: 'ACCOUNT_MISSING',
      detail: `${parsed.type} ${parsed.reference} names no safekeeping account (:97A::SAFE// in FIAC)`,
      messageType: parsed.type,
      messageReference: parsed.reference,
      relatedReference: parsed.relatedReference,
    };
  }
  return {
    kind: 'confirmation',
    messageReference: parsed.reference,
    custodianReference: parsed.relatedReference,
    messageType: parsed.type,
    isin: parsed.isin,
    safekeepingAccount: parsed.safekeepingAccount,
    quantity: parsed.quantity,
    effectiveDate: parsed.effectiveSettlementDate,
  };
}

/** Maps a parsed MT544/546/548/535 to what the worker applies; what cannot be ours becomes an exception. */
export function messageFromSwift(parsed: ParsedSwiftMessage): CustodianMessage {
  switch (parsed.type) {
    case 'MT544':
    case 'MT546':
      return confirmationMessage(parsed);
    case 'MT548':
      return statusAdviceMessage(parsed);
    case 'MT535':
      // The api knows which account a safekeeping account is; one not ours becomes an exception there.
      return {
        kind: 'statement',
        reference: parsed.reference,
        safekeepingAccount: parsed.account,
        statementDate: parsed.statementDate,
        holdings: parsed.holdings.map((h) => ({ isin: h.isin, quantity: h.quantity })),
        complete: parsed.page.continuation === 'ONLY',
      };
  }
}
