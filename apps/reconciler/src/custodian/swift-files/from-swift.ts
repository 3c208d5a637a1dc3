import { instructionReferenceOf } from '../../references.js';
import type { CustodianMessage } from '../adapter.js';
import type { ParsedSwiftMessage } from '../swift/parse-message.js';

/** Maps a parsed MT544/546/548/535 to what the worker applies; throws when it cannot be ours. */
export function messageFromSwift(parsed: ParsedSwiftMessage): CustodianMessage {
  switch (parsed.type) {
    case 'MT544':
    case 'MT546':
      if (parsed.function === 'RVSL') {
        return {
          kind: 'reversal',
          messageReference: parsed.reference,
          previousReference: parsed.previousReference ?? '',
        };
      }
      return {
        kind: 'confirmation',
        messageReference: parsed.reference,
        custodianReference: parsed.relatedReference,
        quantity: parsed.quantity,
        effectiveDate: parsed.effectiveSettlementDate,
      };
    case 'MT548': {
      const custodianReference = instructionReferenceOf(parsed.relatedReference);
      if (parsed.rejected) {
        const reason = parsed.reasons.find((r) => r.qualifier === 'REJT') ?? parsed.reasons[0];
        return {
          kind: 'rejection',
          messageReference: parsed.reference,
          custodianReference,
          reasonCode: reason?.code ?? 'REJT',
          ...(reason?.narrative !== undefined ? { narrative: reason.narrative.replace(/\n/g, ' ') } : {}),
        };
      }
      if (parsed.cancelled) {
        return { kind: 'cancellation-confirmed', messageReference: parsed.reference, custodianReference };
      }
      const status = parsed.status.map((s) => `${s.qualifier}//${s.code}`).join(', ');
      return {
        kind: 'info',
        messageReference: parsed.reference,
        detail: `status ${status} for ${custodianReference}`,
      };
    }
    case 'MT535':
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
